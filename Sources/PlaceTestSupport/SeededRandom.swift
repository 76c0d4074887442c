/// A small, fast, seedable random number generator (SplitMix64), so every randomized test replays
/// exactly from its printed seed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator; the same seed always yields the same sequence.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A random integer in `0..<upperBound` (0 when `upperBound` is 0).
    public mutating func below(_ upperBound: Int) -> Int {
        upperBound <= 0 ? 0 : Int.random(in: 0..<upperBound, using: &self)
    }

    /// `true` with probability `percent` / 100.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}
