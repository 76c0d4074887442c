extension Optional {
    /// Whether a value is present, looked at in place.
    ///
    /// For an `Equatable` value such as a `Document`, `value != nil` resolves to `Equatable`'s `!=`,
    /// which copies the value (retaining every table of a document) to compare it with `nil`.
    var hasValue: Bool {
        if case .some = self { return true }
        return false
    }
}
