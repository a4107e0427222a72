import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A process started with its standard output on a pipe this process reads (`posix_spawn`; not
/// Foundation's `Process`, whose termination handler leaks the process's objects at every
/// launch and whose `waitUntilExit` polls every 50 ms). Standard input and error are this
/// process's; the environment and working folder too. Every signal starts at its default and
/// none is blocked, whatever this process ignores (`InterruptFlag` ignores SIGINT and SIGTERM).
final class ChildProcess: @unchecked Sendable {
    /// How a child ended.
    enum Termination: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    struct LaunchFailure: Error {
        var reason: String
    }

    let processIdentifier: pid_t
    private var output: Int32

    /// Starts `executable` with `arguments` (after its own name); `standardErrorPath`: a new
    /// file (owner only) the child's standard error goes to, instead of this process's.
    init(executable: String, arguments: [String], standardErrorPath: String? = nil) throws(LaunchFailure) {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { throw LaunchFailure(reason: String(cString: strerror(errno))) }
        // Neither end is inherited by another child (`pipe2`, which sets this at once, is not
        // imported into Swift; this process starts one child at a time).
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The write end becomes the child's standard output (dup2 clears its close-on-exec).
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        if let standardErrorPath {
            posix_spawn_file_actions_addopen(&actions, 2, standardErrorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(pipeEnds[1])
        guard status == 0 else {
            close(pipeEnds[0])
            throw LaunchFailure(reason: String(cString: strerror(status)))
        }
        processIdentifier = pid
        output = pipeEnds[0]
    }

    deinit {
        if output >= 0 { close(output) }
    }

    /// The next bytes the child wrote to its standard output; empty once it closed it (at its
    /// end, normally) or the pipe failed.
    func read() -> [UInt8] {
        guard output >= 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                close(output)
                output = -1
                return []
            }
            return Array(buffer[..<count])
        }
    }

    /// Sends `signal` to the child (nothing once it has been waited for).
    func send(_ signal: Int32) {
        kill(processIdentifier, signal)
    }

    /// Waits for the child to end.
    func wait() -> Termination {
        var status: Int32 = 0
        while waitpid(processIdentifier, &status, 0) < 0 {
            guard errno == EINTR else { return .exited(-1) }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
        let low = status & 0x7f
        return low == 0 ? .exited((status >> 8) & 0xff) : .signalled(low)
    }
}
