internal import Foundation

/// Wall-clock time: seconds since 1970 from the system clock (what ``NodeConfiguration/now`` reads by
/// default; deadlines and waits use ``SyncClock``).
func systemNow() -> Double { Date().timeIntervalSince1970 }
