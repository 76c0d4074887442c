internal import Synchronization

/// Tells listeners that envelopes were stored through this node (local writes, membership changes,
/// ingests). Signals coalesce: a listener that is busy sees one signal for many stores, which is what a
/// sync session needs ("look for new envelopes"), not one per envelope.
final class StoreSignal: Sendable {
    private let listeners = Mutex<[Int: AsyncStream<Void>.Continuation]>([:])
    private let nextID = Mutex(0)

    func subscribe() -> AsyncStream<Void> {
        let id = nextID.withLock { value in
            value += 1
            return value
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        continuation.onTermination = { [weak self] _ in
            _ = self?.listeners.withLock { $0.removeValue(forKey: id) }
        }
        listeners.withLock { $0[id] = continuation }
        return stream
    }

    func fire() {
        for continuation in listeners.withLock({ Array($0.values) }) { continuation.yield() }
    }

    deinit {
        listeners.withLock { listeners in
            for continuation in listeners.values { continuation.finish() }
        }
    }
}
