/// A visible change to one container, reported after remote changes are applied, so that a frontend can
/// update what it shows without re-reading the whole document.
///
/// Patches are in application order: indices of later patches already account for earlier ones.
/// They are reported for every container, including ones no longer reachable from the root; use
/// ``Document/path(of:)`` to place them.
public struct Patch: Hashable, Sendable {
    /// What changed.
    public enum Action: Hashable, Sendable {
        /// `key` now reads `value`; `conflicts` other concurrent values are kept beside it.
        case put(key: String, value: DocumentValue, conflicts: Int)
        /// `key` no longer has a value.
        case deleteKey(String)
        /// List elements were inserted at `index`.
        case insert(index: Int, values: [DocumentValue])
        /// Text was inserted at `index` (in Unicode scalars).
        case insertText(index: Int, text: String)
        /// `count` elements or scalars were removed at `index`.
        case delete(index: Int, count: Int)
        /// A counter changed by `delta`.
        case increment(Int64)
    }

    /// The container that changed.
    public var container: ContainerID
    /// What changed.
    public var action: Action

    /// Creates a patch.
    public init(container: ContainerID, action: Action) {
        self.container = container
        self.action = action
    }
}
