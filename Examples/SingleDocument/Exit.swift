import Foundation

/// Ends the process with `status`.
func exitProcess(_ status: Int32) -> Never { exit(status) }
