import Foundation
import Testing

@testable import PlaceQI

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The charts as SVG: well-formed XML, and the signal points marked where the signals are.
@Suite struct ChartSVGTests {
    /// Parses `svg` as XML and returns the `class` of every circle, in order.
    func circleClasses(_ svg: String) throws -> [String] {
        final class Collector: NSObject, XMLParserDelegate {
            var classes: [String] = []
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                if name == "circle" { classes.append(attributes["class"] ?? "") }
            }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        return collector.classes
    }

    @Test func anXmRChartMarksItsSpecialCausePointsAndNothingElse() throws {
        let baseline: [Double] = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11]
        let chart = XmRChart(
            values: baseline + [20], direction: .higherIsBetter, baseline: Array(repeating: true, count: 10))
        let svg = ChartSVG.render(chart, title: "Falls <per> 1,000 bed days & more")
        let classes = try circleClasses(svg)
        #expect(classes.count == 11)
        #expect(classes[10] == "signal beyond-limit improvement")
        #expect(classes.prefix(10).allSatisfy { $0 == "point" })
        #expect(svg.contains("Falls &lt;per&gt; 1,000 bed days &amp; more"))
        #expect(svg.contains("class=\"limit\""))
        #expect(!svg.contains("<script"))
    }

    @Test func aRunChartMarksItsShiftAndTrend() throws {
        let chart = RunChart(values: [10, 12, 11, 13, 9, 20, 21, 22, 23, 24, 25, 8])
        let classes = try circleClasses(ChartSVG.render(chart, title: "Shift"))
        #expect(classes[4] == "signal trend")
        #expect((5...10).allSatisfy { classes[$0] == "signal shift trend" })
        #expect([0, 1, 2, 3, 11].allSatisfy { classes[$0] == "point" })
    }

    @Test func emptyAndSinglePointChartsAreStillWellFormed() throws {
        #expect(try circleClasses(ChartSVG.render(RunChart(values: []), title: "Nothing yet")).isEmpty)
        #expect(
            try circleClasses(ChartSVG.render(XmRChart(values: [3], direction: .lowerIsBetter), title: "One")).count
                == 1)
    }
}
