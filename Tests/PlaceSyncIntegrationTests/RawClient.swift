import Foundation
import Glibc
import PlaceCrypto
import PlaceSyncTestHelpers
import PlaceWire

/// A blocking TCP client that speaks as much of the protocol as a test wants — or none of it.
final class RawClient {
    let socket: Int32

    /// Connects to 127.0.0.1:`port`, from `source` (another loopback address: 127.0.0.2, say).
    init(port: Int, receiveTimeout: Double = 10, source: String? = nil) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Reads until the peer closes or the receive timeout passes; `closed` says which.
    func readToEnd() -> (bytes: [UInt8], closed: Bool) {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(socket, &buffer, buffer.count)
            if count == 0 { return (result, true) }
            if count < 0 { return (result, errno == ECONNRESET) }
            result += buffer[0..<count]
        }
    }

    /// Reads one frame (blocking).
    func readFrame(_ decoder: inout FrameDecoder) throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let frame = try decoder.nextFrame() { return frame }
            let count = read(socket, &buffer, buffer.count)
            if count <= 0 { return nil }
            decoder.append(buffer[0..<count])
        }
    }

    /// Runs the handshake as a fresh node offering `versions`; returns the transport once complete, or
    /// nil with the version the responder answered when it refused.
    func handshake(versions: [UInt16] = ProtocolVersion.supported, as node: NodeKeyPair? = nil) throws -> (
        NoiseTransport?, answered: UInt16
    ) {
        var handshake = try NodeHandshake(
            role: .initiator, prologue: ProtocolVersion.prologue, node: try node ?? NodeKeyPair.generate())
        send(FrameDecoder.frame(try handshake.writeMessage(payload: ProtocolVersion.offer(versions))))
        var decoder = FrameDecoder()
        guard let second = try readFrame(&decoder) else { return (nil, 0) }
        let answer = try ProtocolVersion.readAnswer(try handshake.readMessage(second))
        guard answer != 0 else { return (nil, 0) }
        send(FrameDecoder.frame(try handshake.writeMessage()))
        return (try handshake.finish(), answer)
    }
}
