import PlaceCRDT
import PlaceTestSupport
import Testing

/// Every trace in `../shared/traces/` replays, one change per transaction, to exactly its end content.
@Suite struct TraceReplayTests {
    static let traces = [
        "seph-blog1", "friendsforever_flat", "clownschool_flat", "sveltecomponent", "json-crdt-patch",
        "json-crdt-blog-post",
    ]

    @Test(arguments: traces)
    func traceReplaysToItsEndContent(name: String) throws {
        let trace = try EditingTrace.load(named: name)
        let (log, text) = try trace.replay()
        let document = log.document(.main)
        #expect(document.text(of: text) == trace.endContent)
        #expect(log.version[.test(1)] == UInt64(trace.transactions.count + 1))
        let reloaded = try Document(snapshot: document.snapshot())
        #expect(reloaded.text(of: text) == trace.endContent)
    }

    @Test func theTraceFolderHoldsEveryTraceTheTestsName() throws {
        #expect(Set(try EditingTrace.availableNames()) == Set(Self.traces))
    }
}
