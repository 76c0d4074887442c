internal import PlaceStore
internal import PlaceWire

extension Node {
    /// Set when peers have sent envelopes in a newer format than this build reads (they were refused
    /// and come again once the node is upgraded): what to tell the user. `nil` when there is nothing
    /// newer, or once this build reads the newest format seen (after an upgrade).
    public func upgradeNotice() throws -> String? {
        let stored = try Self.storageCall { try store.read { tx in try tx.meta(MetaKey.newestFormatSeen) } }
        guard let format = stored?.first, format > EnvelopeHeader.formatVersion else { return nil }
        return "Peers have sent changes in envelope format \(format), and this PlaceSync reads format "
            + "\(EnvelopeHeader.formatVersion): upgrade PlaceSync to take them. They are not lost — peers "
            + "send them again after the upgrade — and everything else keeps syncing."
    }

    /// Remembers the newest envelope format a peer sent (what ``upgradeNotice()`` reports).
    func recordNewerFormat(_ format: UInt8) throws {
        try Self.storageCall {
            try store.write { tx in
                if (try tx.meta(MetaKey.newestFormatSeen)?.first ?? 0) < format {
                    try tx.setMeta(MetaKey.newestFormatSeen, [format])
                }
            }
        }
    }
}
