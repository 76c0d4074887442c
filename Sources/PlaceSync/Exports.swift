// What PlaceSync's API is made of, so that `import PlaceSync` alone is enough to use it: the CRDT
// documents and their ids (PlaceCRDT), spaces, envelopes and roles (PlaceWire), node ids and keys
// (PlaceCrypto), and the logging and service types of the sync services (swift-log,
// swift-service-lifecycle).
@_exported public import Logging
@_exported public import PlaceCRDT
@_exported public import PlaceCrypto
@_exported public import PlaceWire
@_exported public import ServiceLifecycle
