/// Hard limits that every decoder and the local write path enforce. Documented in
/// `Protocol/DOCUMENT-FORMAT.md`.
public enum CRDTLimits {
    /// The largest encoded change (the envelope body limit of PlaceSync): 1 MiB.
    public static let maxChangeBytes = 1 << 20
    /// The largest encoded document snapshot: 256 MiB.
    public static let maxSnapshotBytes = 256 << 20
    /// The longest map key, in UTF-8 bytes.
    public static let maxKeyBytes = 1024
    /// The most actors a change's dependencies or a snapshot's actor table may name.
    public static let maxActors = 65_536
    /// The most containers a snapshot may hold.
    public static let maxContainers = 1 << 20
}
