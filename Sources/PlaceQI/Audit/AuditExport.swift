internal import Foundation
internal import PlaceBinary
public import PlaceSync

/// An audit of a space that a third party can check with public keys alone: one JSON line per envelope
/// — who (the author's node id), what (kind, and for content the document this node read it as), in
/// which order (the author's sequence number and the envelope it follows), with the envelope itself,
/// signed. Changing, dropping or reordering anything in the file is caught by ``verify(_:)``: each
/// envelope's signature covers its header (author, sequence, the id of the author's previous envelope)
/// and its body, and each envelope's id is the hash of its bytes.
///
/// What it cannot prove: the document a content envelope edits is this node's reading (the body is
/// encrypted; an auditor without the space's key sees only that the author signed it). Envelopes carry
/// no wall-clock time on purpose (no clock is trusted); the order is the authors' own.
public enum AuditExport {
    /// The format line's name.
    public static let format = "placesync-audit/1"
    /// The largest export ``verify(_:)`` reads.
    public static let maxBytes = 1 << 30

    /// The audit of `space` as JSON lines: a header line, then one line per envelope.
    public static func export(node: Node, space: SpaceID) throws -> String {
        let entries = try node.auditLog(in: space)
        var lines: [String] = []
        let header: [String: Any] = [
            "format": format, "space": "\(space)", "exportedBy": "\(node.nodeID)", "envelopes": entries.count,
        ]
        lines.append(try json(header))
        for entry in entries {
            let envelope = try Envelope(decoding: entry.bytes)
            var line: [String: Any] = [
                "id": Hex.string(envelope.id.bytes), "author": "\(try NodeID(publicKey: envelope.header.author.bytes))",
                "seq": envelope.header.seq, "kind": "\(envelope.header.kind)", "epoch": envelope.header.epoch,
                "applied": entry.applied, "envelope": Data(entry.bytes).base64EncodedString(),
            ]
            if let previous = envelope.header.previous { line["previous"] = Hex.string(previous.bytes) }
            if let document = entry.document { line["document"] = "\(document)" }
            lines.append(try json(line))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What checking an export found.
    public struct Verification: Sendable, Hashable {
        /// Envelopes whose signature, id and claims hold.
        public var verified: Int
        /// Each problem, with its line (1-based).
        public var problems: [String]
        /// Authors seen, by node id.
        public var authors: Set<String>
        /// Whether the whole file holds.
        public var isValid: Bool { problems.isEmpty && verified > 0 }
    }

    /// Checks an export with nothing but the public keys in it: the format line; for every envelope, that
    /// it decodes, that its author's signature holds, that its id is the hash of its bytes, and that the
    /// line's claims (id, author, seq, kind, previous) are the envelope's own; that each author's
    /// envelopes follow one another without a gap (each names the id of the one before it); and that the
    /// header's count matches.
    public static func verify(_ text: String) -> Verification {
        var result = Verification(verified: 0, problems: [], authors: [])
        guard text.utf8.count <= maxBytes else {
            result.problems.append("the file is over \(maxBytes >> 20) MiB")
            return result
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, let header = object(first), header["format"] as? String == format else {
            result.problems.append("line 1: not a \(format) export")
            return result
        }
        // Per author: seq → id, to check each envelope names the one before it.
        var idsByAuthor: [String: [UInt64: String]] = [:]
        var previousByLine: [(line: Int, author: String, seq: UInt64, previous: String?)] = []
        var count = 0
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let number = index + 1
            count += 1
            guard let fields = object(line), let encoded = fields["envelope"] as? String,
                let bytes = Data(base64Encoded: encoded)
            else {
                result.problems.append("line \(number): not an envelope line")
                continue
            }
            let envelope: Envelope
            do {
                envelope = try Envelope(decoding: [UInt8](bytes))
                try envelope.verify()
            } catch {
                result.problems.append("line \(number): the envelope does not verify (\(error))")
                continue
            }
            let id = Hex.string(envelope.id.bytes)
            guard let author = try? NodeID(publicKey: envelope.header.author.bytes) else {
                result.problems.append("line \(number): the author is not a node key")
                continue
            }
            let claims: [(String, String?, String)] = [
                ("id", fields["id"] as? String, id), ("author", fields["author"] as? String, "\(author)"),
                ("seq", (fields["seq"] as? NSNumber).map { "\($0)" }, "\(envelope.header.seq)"),
                ("kind", fields["kind"] as? String, "\(envelope.header.kind)"),
                (
                    "previous", fields["previous"] as? String,
                    envelope.header.previous.map { Hex.string($0.bytes) } ?? ""
                ),
            ]
            var claimsHold = true
            for (name, claimed, actual) in claims where (claimed ?? "") != actual {
                result.problems.append(
                    "line \(number): the line says \(name) \(claimed ?? "(none)"), the envelope \(actual)")
                claimsHold = false
            }
            guard claimsHold else { continue }
            let authorText = "\(author)"
            result.authors.insert(authorText)
            idsByAuthor[authorText, default: [:]][envelope.header.seq] = id
            previousByLine.append(
                (number, authorText, envelope.header.seq, envelope.header.previous.map { Hex.string($0.bytes) }))
            result.verified += 1
        }
        for entry in previousByLine where entry.seq > 1 {
            guard let expected = idsByAuthor[entry.author]?[entry.seq - 1] else {
                result.problems.append(
                    "line \(entry.line): envelope \(entry.seq) of \(entry.author) follows one the file does not hold")
                continue
            }
            if entry.previous != expected {
                result.problems.append(
                    "line \(entry.line): envelope \(entry.seq) of \(entry.author) does not follow the file's envelope \(entry.seq - 1)"
                )
            }
        }
        if let declared = (header["envelopes"] as? NSNumber)?.intValue, declared != count {
            result.problems.append("line 1: the export says \(declared) envelopes, the file holds \(count)")
        }
        return result
    }

    private static func json(_ value: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    private static func object(_ line: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }
}

extension AuditExport {
    /// One signed change to a document, as its history lists it.
    public struct HistoryEntry: Sendable, Hashable, Codable {
        /// The envelope's id (hex).
        public var envelope: String
        /// The author's node id.
        public var author: String
        /// The author's sequence number: its own order of writing.
        public var seq: UInt64
        /// Whether this replica applied it (false: held back, e.g. from a removed author).
        public var applied: Bool
    }

    /// The signed changes to `document` in `space`, in the order this replica holds them (each
    /// author's in its own order; envelopes carry no wall-clock time).
    public static func history(of document: DocumentID, node: Node, space: SpaceID) throws -> [HistoryEntry] {
        try node.auditLog(in: space).filter { $0.document == document }.map { entry in
            let envelope = try Envelope(decoding: entry.bytes)
            return HistoryEntry(
                envelope: Hex.string(envelope.id.bytes),
                author: "\(try NodeID(publicKey: envelope.header.author.bytes))", seq: envelope.header.seq,
                applied: entry.applied)
        }
    }
}
