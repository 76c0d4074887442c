extension Dictionary {
    /// Runs `body` on the value for `key` in place and returns its result, or `nil` when there is no
    /// such value.
    ///
    /// `self[key]?.mutate()` does the same, but its modify accessor allocates on every call; going
    /// through the value's index does not. Used on every remote and local edit.
    mutating func withValue<Result, Failure: Error>(
        forKey key: Key, _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result? {
        guard let index = index(forKey: key) else { return nil }
        return try body(&values[index])
    }
}
