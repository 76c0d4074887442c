internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import NIOCore

/// JSON responses with a strong `ETag` over their bytes: a client that sends the tag back in
/// `If-None-Match` gets `304 Not Modified` and no body.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// `value` as JSON, or 304 when the client already has these bytes.
    static func make(_ value: some Encodable, for request: Request, status: HTTPResponse.Status = .ok) throws
        -> Response
    {
        let data = try encoder.encode(value)
        return bytes(Array(data), contentType: "application/json", for: request, status: status)
    }

    /// `bytes` of `contentType`, tagged, or 304 when the client already has them.
    static func bytes(
        _ bytes: [UInt8], contentType: String, for request: Request, status: HTTPResponse.Status = .ok,
        tag known: String? = nil
    ) -> Response {
        let tag = "\"\(known ?? ETag.of(bytes))\""
        var headers = HTTPFields()
        headers[.eTag] = tag
        headers[.cacheControl] = "private, no-cache"
        if status == .ok, let sent = request.headers[.ifNoneMatch],
            sent.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag || $0 == "*" })
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// A response body encoded once and served many times, with its entity tag.
struct EncodedBody: Sendable {
    var bytes: [UInt8]
    var tag: String

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        tag = ETag.of(bytes)
    }
}

/// Entity tags: a 64-bit FNV-1a hash of the bytes, in hex (identifies a representation; not a secret).
enum ETag {
    static func of(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

/// The most items one page holds.
let pageMaxLimit = 500

/// A page of a list: `limit` items from `cursor` on, and the cursor of the next page.
struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var total: Int
    /// Where the next page starts (absent on the last page).
    var next: String?

    /// The page of `all` the request's `limit` and `cursor` ask for.
    init(_ all: [Item], request: Request) throws {
        let query = request.uri.queryParameters
        var limit = 100
        if let text = query["limit"] {
            guard let value = Int(String(text)), (1...pageMaxLimit).contains(value) else {
                throw Problem(.badRequest, "limit must be a whole number from 1 to \(pageMaxLimit)", field: "limit")
            }
            limit = value
        }
        var start = 0
        if let text = query["cursor"] {
            guard let value = Int(String(text)), value >= 0 else {
                throw Problem(.badRequest, "cursor must be a value a previous page's next gave", field: "cursor")
            }
            start = min(value, all.count)
        }
        let end = min(all.count, start + limit)
        items = Array(all[start..<end])
        total = all.count
        next = end < all.count ? String(end) : nil
    }
}
