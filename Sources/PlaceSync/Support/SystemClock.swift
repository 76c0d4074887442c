internal import Foundation

/// Seconds since 1970, from the system clock.
func systemNow() -> Double { Date().timeIntervalSince1970 }
