import Glibc
import PlaceDaemon

/// The daemon holds keys in memory: a core file would write them to disk. It turns core files off for
/// itself at start (`RLIMIT_CORE` 0, soft and hard), whatever the shell or unit allowed.
enum CoreDumps {
    static func disable() throws {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        guard setrlimit(Int32(RLIMIT_CORE.rawValue), &none) == 0 else {
            throw ConfigError("cannot turn core files off (setrlimit RLIMIT_CORE): \(String(cString: strerror(errno)))")
        }
    }
}
