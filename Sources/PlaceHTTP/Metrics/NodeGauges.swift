internal import Metrics
internal import PlaceSync

/// The node's state as gauges, set each time the frontend reads it: envelopes waiting, sessions
/// open, and per peer and space how many envelopes each side lacks.
enum NodeGauges {
    static func record(pending: Int, peers: [PeerStatus]) {
        Gauge(label: "placesync_pending_envelopes").record(pending)
        Gauge(label: "placesync_sessions_open").record(peers.filter(\.connected).count)
        for peer in peers {
            for lag in peer.spaces {
                let dimensions = [("peer", peer.nodeID.map { "\($0)" } ?? peer.key), ("space", "\(lag.space)")]
                Gauge(label: "placesync_peer_lacks_envelopes", dimensions: dimensions).record(Int(lag.peerLacks))
                Gauge(label: "placesync_we_lack_envelopes", dimensions: dimensions).record(Int(lag.weLack))
            }
        }
    }
}
