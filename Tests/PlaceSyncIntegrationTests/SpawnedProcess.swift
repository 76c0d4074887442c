import Foundation
import Glibc

/// A child process started with `posix_spawn` and reaped by polling `waitpid(pid, WNOHANG)`: for the
/// tests that start and kill many children (daemons, workers). Foundation's `Process` on Linux reaps
/// through a monitor thread that was seen, twice, blocked in a blocking `wait4` on a child that was
/// still alive — after which no exit was noticed and every `waitUntilExit` hung (gdb showed it). Here
/// each wait is for this child alone, and never blocks.
final class SpawnedProcess: @unchecked Sendable {
    let processIdentifier: pid_t
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments`, `environment` (nil: this process's), its standard output
    /// into `standardOutput` (a pipe's write end is given to the child and closed here) and its standard
    /// error appended to the file at `standardErrorPath` (or into `standardError`).
    init(
        executable: String, arguments: [String], environment: [String: String]? = nil, standardOutput: Pipe? = nil,
        standardError: Pipe? = nil, standardErrorPath: String? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let devNull = open("/dev/null", O_RDWR)
        defer { if devNull >= 0 { close(devNull) } }
        posix_spawn_file_actions_adddup2(&actions, devNull, 0)
        let out = standardOutput?.fileHandleForWriting.fileDescriptor ?? devNull
        posix_spawn_file_actions_adddup2(&actions, out, 1)
        var logFD: Int32 = -1
        if let standardErrorPath {
            logFD = open(standardErrorPath, O_WRONLY | O_APPEND | O_CREAT, 0o644)
            guard logFD >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        }
        defer { if logFD >= 0 { close(logFD) } }
        let err = logFD >= 0 ? logFD : (standardError?.fileHandleForWriting.fileDescriptor ?? devNull)
        posix_spawn_file_actions_adddup2(&actions, err, 2)
        // Nothing else of this process leaks into the child: another child's pipe held open here would
        // keep its reader from ever seeing the end.
        guard let closeFrom = Self.addCloseFrom, closeFrom(&actions, 3) == 0 else {
            throw POSIXError(.ENOSYS)
        }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in env { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, env)
        guard result == 0 else { throw POSIXError(.init(rawValue: result) ?? .EIO) }
        processIdentifier = pid
        // The child holds the write ends now; the parent must not, or readers never see end of file.
        try standardOutput?.fileHandleForWriting.close()
        try standardError?.fileHandleForWriting.close()
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc module
    /// does not declare.
    private static let addCloseFrom:
        (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
            else { return nil }
            return unsafeBitCast(
                symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
        }()

    /// The exit status once the child has ended (a signal's number + 128 if it was killed), else nil.
    func poll() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        let reaped = waitpid(processIdentifier, &status, WNOHANG)
        guard reaped == processIdentifier else { return nil }
        let signal = status & 0x7F
        exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return exitStatus
    }

    var isRunning: Bool { poll() == nil }

    /// Waits for the child to end; its exit status.
    @discardableResult
    func waitUntilExit() -> Int32 {
        while true {
            if let status = poll() { return status }
            usleep(5_000)
        }
    }

    var terminationStatus: Int32 { poll() ?? -1 }

    /// SIGTERM.
    func terminate() { if isRunning { kill(processIdentifier, SIGTERM) } }
}
