internal import Foundation
internal import GRDB
internal import PlaceCRDT

extension Row {
    /// The space id in column `column`: a damaged row (NULL, another type, another length) throws
    /// ``StoreError/Code/corrupt`` instead of trapping.
    func spaceID(forColumn column: String) throws -> SpaceID {
        let bytes = [UInt8]((try decode(Data.self, forColumn: column)))
        guard let id = SpaceID(bytes: bytes) else {
            throw StoreError(
                .corrupt, "a row's space id in \(column) is \(bytes.count) bytes, not \(SpaceID.byteCount)")
        }
        return id
    }

    /// The space id at position `index` (see ``spaceID(forColumn:)``).
    func spaceID(atIndex index: Int) throws -> SpaceID {
        let bytes = [UInt8]((try decode(Data.self, atIndex: index)))
        guard let id = SpaceID(bytes: bytes) else {
            throw StoreError(.corrupt, "a row's space id is \(bytes.count) bytes, not \(SpaceID.byteCount)")
        }
        return id
    }
}
