internal import Synchronization

/// Fans values out to every subscriber's own `AsyncStream`. Each stream buffers at most `buffering`
/// values while its reader is busy, dropping the oldest: events keep the newest 1,024; a signal
/// ("look again") keeps one, so many stores coalesce into one wake-up.
final class Broadcast<Element: Sendable>: Sendable {
    private let subscribers = Mutex<[Int: AsyncStream<Element>.Continuation]>([:])
    private let nextID = Mutex(0)
    private let buffering: Int

    init(buffering: Int) {
        self.buffering = buffering
    }

    /// A new stream of the values from now on.
    func subscribe() -> AsyncStream<Element> {
        let id = nextID.withLock { value in
            value += 1
            return value
        }
        let (stream, continuation) = AsyncStream.makeStream(
            of: Element.self, bufferingPolicy: .bufferingNewest(buffering))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    func publish(_ values: [Element]) {
        guard !values.isEmpty else { return }
        for continuation in subscribers.withLock({ Array($0.values) }) {
            for value in values { continuation.yield(value) }
        }
    }

    deinit {
        subscribers.withLock { subscribers in
            for continuation in subscribers.values { continuation.finish() }
        }
    }
}

extension Broadcast where Element == Void {
    /// Wakes every subscriber.
    func fire() { publish([()]) }
}
