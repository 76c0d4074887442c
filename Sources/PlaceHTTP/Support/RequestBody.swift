internal import Foundation
internal import Hummingbird
internal import NIOCore

/// Reading request bodies within limits: at most `maxBytes`, JSON nested at most `maxDepth` deep, and
/// a clear problem (413, 400, 415) for anything else — before any handler sees it.
struct BodyLimits: Sendable {
    var maxBytes: Int
    var maxDepth: Int

    /// The body's bytes.
    func bytes(of request: Request) async throws -> [UInt8] {
        var body = request.body
        let buffer: ByteBuffer
        do { buffer = try await body.collect(upTo: maxBytes) } catch {
            throw Problem(.contentTooLarge, "the request body is over \(maxBytes) bytes")
        }
        return Array(buffer.readableBytesView)
    }

    /// The body decoded as JSON into `T`.
    func json<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        if let contentType = request.headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw Problem(.unsupportedMediaType, "send JSON with Content-Type: application/json")
        }
        let bytes = try await self.bytes(of: request)
        try Self.checkDepth(bytes, limit: maxDepth)
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let DecodingError.keyNotFound(key, context) {
            throw Problem(
                .unprocessableContent, "the field \(Self.path(context.codingPath + [key])) is missing",
                field: Self.path(context.codingPath + [key]))
        } catch let DecodingError.typeMismatch(_, context) {
            throw Problem(
                .unprocessableContent, "the field \(Self.path(context.codingPath)) has the wrong type",
                field: Self.path(context.codingPath))
        } catch let DecodingError.valueNotFound(_, context) {
            throw Problem(
                .unprocessableContent, "the field \(Self.path(context.codingPath)) is null",
                field: Self.path(context.codingPath))
        } catch {
            throw Problem(.badRequest, "the body is not valid JSON")
        }
    }

    /// The body as an HTML form (`application/x-www-form-urlencoded`).
    func form(from request: Request) async throws -> [String: String] {
        let bytes = try await self.bytes(of: request)
        return FormDecoding.fields(String(decoding: bytes, as: UTF8.self))
    }

    /// Refuses JSON nested deeper than `limit` before a decoder recurses into it.
    static func checkDepth(_ bytes: [UInt8], limit: Int) throws {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { throw Problem(.badRequest, "the JSON is nested more than \(limit) deep") }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
    }
}

/// `application/x-www-form-urlencoded` decoding.
enum FormDecoding {
    /// The fields of a form body (a repeated name keeps its last value).
    static func fields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { continue }
            fields[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

extension [String: String] {
    /// The field's value, or `nil` when it is absent or empty (a form sends empty fields as "").
    func filled(_ name: String) -> String? { self[name].flatMap { $0.isEmpty ? nil : $0 } }
}

extension Parameters {
    /// The query parameter's value, or `nil` when it is absent or empty.
    func filled(_ name: String) -> String? { self[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
}
