import Foundation
import Glibc
import PlaceSyncTestHelpers
import Synchronization

/// A TCP proxy on loopback that mistreats what passes through: it forwards bytes in random fragments
/// with random small delays, and cuts each of its first `cuts` connections after a random number of
/// bytes (mid-batch, mid-frame). Later connections pass whole. Threads and plain sockets, so it shares
/// nothing with the code under test. ``partition()`` cuts every connection and refuses new ones until
/// ``heal()``: a network partition between the two sides.
final class FaultyProxy: Sendable {
    let port: Int
    private let listener: Int32
    private let upstreamPort: Int
    private let cutsLeft: Mutex<Int>
    private let seed: Mutex<UInt64>
    private let cuts = Mutex(0)
    private let partitioned = Mutex(false)
    private let links = Mutex<[Link]>([])
    /// How many connections were cut.
    var cutCount: Int { cuts.withLock { $0 } }

    init(upstreamPort: Int, cuts: Int, seed: UInt64 = 42) throws {
        self.upstreamPort = upstreamPort
        cutsLeft = Mutex(cuts)
        self.seed = Mutex(seed)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, Glibc.listen(listener, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func close() {
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    /// Cuts every open connection and refuses new ones until ``heal()``.
    func partition() {
        partitioned.withLock { $0 = true }
        let open = links.withLock { links in
            defer { links = [] }
            return links
        }
        for link in open {
            shutdown(link.peers.0, Int32(SHUT_RDWR))
            shutdown(link.peers.1, Int32(SHUT_RDWR))
        }
    }

    /// Lets connections through again.
    func heal() { partitioned.withLock { $0 = false } }

    private func random(_ range: ClosedRange<Int>) -> Int {
        seed.withLock { state in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return range.lowerBound + Int((state >> 33) % UInt64(range.count))
        }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            if partitioned.withLock({ $0 }) {
                Glibc.close(client)
                continue
            }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(upstreamPort).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                Glibc.close(client)
                Glibc.close(upstream)
                continue
            }
            let cut = cutsLeft.withLock { left -> Bool in
                guard left > 0 else { return false }
                left -= 1
                return true
            }
            // A shared budget for both directions: the cut lands wherever the bytes are then.
            let link = Link(budget: cut ? random(3_000...120_000) : Int.max, peers: (client, upstream))
            links.withLock { links in
                links.removeAll { $0.closed.withLock { $0 } }
                links.append(link)
            }
            for (from, to) in [(client, upstream), (upstream, client)] {
                Thread { [self] in pump(from: from, to: to, link: link) }.start()
            }
        }
    }

    /// One proxied connection: its byte budget (both directions) and whether one side has ended.
    final class Link: Sendable {
        let budget: Mutex<Int>
        let closed = Mutex(false)
        let peers: (Int32, Int32)
        init(budget: Int, peers: (Int32, Int32)) {
            self.budget = Mutex(budget)
            self.peers = peers
        }
    }

    private func pump(from: Int32, to: Int32, link: Link) {
        let peers = link.peers
        var buffer = [UInt8](repeating: 0, count: 8_192)
        loop: while true {
            let count = read(from, &buffer, buffer.count)
            if count <= 0 { break }
            var offset = 0
            while offset < count {
                let piece = min(count - offset, random(1...2_000))
                let allowed = link.budget.withLock { left -> Int in
                    let take = min(left, piece)
                    left -= take
                    return take
                }
                if allowed > 0 {
                    _ = buffer[offset..<(offset + allowed)].withUnsafeBytes {
                        send(to, $0.baseAddress, allowed, Int32(MSG_NOSIGNAL))
                    }
                }
                if allowed < piece {
                    cuts.withLock { $0 += 1 }
                    break loop
                }
                offset += piece
                if random(0...9) == 0 { usleep(UInt32(random(100...3_000))) }
            }
        }
        let first = link.closed.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        if first {
            shutdown(peers.0, Int32(SHUT_RDWR))
            shutdown(peers.1, Int32(SHUT_RDWR))
        } else {
            Glibc.close(peers.0)
            Glibc.close(peers.1)
        }
    }
}
