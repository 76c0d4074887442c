import Foundation
import Glibc

/// A response as the wire carried it.
struct HTTPTestResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }

    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// A deliberately small HTTP/1.1 client over a real loopback socket — one request per connection —
/// so tests can send exactly the bytes they mean (oversized bodies, missing headers). Each request
/// blocks a thread of its own, never the cooperative pool or the dispatch workers the server needs.
struct HTTPTestClient: Sendable {
    var port: Int
    var token: String?
    var cookie: String?
    var csrf: String?

    func send(
        _ method: String, _ path: String, body: [UInt8] = [], contentType: String? = "application/json",
        headers extra: [String: String] = [:], bearer: Bool = true
    ) async throws -> HTTPTestResponse {
        var lines = ["\(method) \(path) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Connection: close"]
        if bearer, let token { lines.append("Authorization: Bearer \(token)") }
        if let cookie { lines.append("Cookie: \(cookie)") }
        if let csrf { lines.append("X-CSRF-Token: \(csrf)") }
        if !body.isEmpty || method == "POST" || method == "PATCH" {
            if let contentType { lines.append("Content-Type: \(contentType)") }
            lines.append("Content-Length: \(body.count)")
        }
        for (name, value) in extra { lines.append("\(name): \(value)") }
        let request = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body
        let port = self.port
        // A thread of its own: a blocked read on a shared dispatch worker would starve the node's own
        // blocking work (which runs on dispatch workers) until the pool grows, a second at a time.
        return try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try Self.exchange(request, port: port) }) }.start()
        }
    }

    func json(_ method: String, _ path: String, _ object: Any) async throws -> HTTPTestResponse {
        try await send(method, path, body: Array(try JSONSerialization.data(withJSONObject: object)))
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> HTTPTestResponse {
        try await send("GET", path, headers: headers)
    }

    /// Opens a connection, sends `request`, reads until the server closes.
    static func exchange(_ request: [UInt8], port: Int) throws -> HTTPTestResponse {
        let socket = try connectSocket(port: port)
        defer { close(socket) }
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
            if written <= 0 { break }  // the server may refuse a body part-way (413): read what it said
            sent += written
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(socket, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return try parse(received)
    }

    static func connectSocket(port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        // Generous: in the full suite, long synchronous tests can hold both cooperative threads (where the
        // server's handlers run) for many seconds; a response then comes late, not never.
        var timeout = timeval(tv_sec: 150, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(socket)
            throw TestClientError("cannot connect to 127.0.0.1:\(port)")
        }
        return socket
    }

    static func parse(_ bytes: [UInt8]) throws -> HTTPTestResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard
            let end = (0...max(0, bytes.count - 4)).first(where: {
                Array(bytes[$0..<min(bytes.count, $0 + 4)]) == separator
            })
        else { throw TestClientError("no complete response head in \(bytes.count) bytes") }
        let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw TestClientError("bad status line \(head[0])")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        var body = Array(bytes[(end + 4)...])
        if headers["transfer-encoding"]?.contains("chunked") == true { body = dechunk(body) }
        return HTTPTestResponse(status: status, headers: headers, body: body)
    }

    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = (index..<bytes.count - 1).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }),
                let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self), radix: 16)
            else { break }
            if size == 0 { break }
            let start = lineEnd + 2
            out += bytes[start..<min(bytes.count, start + size)]
            index = start + size + 2
        }
        return out
    }
}

struct TestClientError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
