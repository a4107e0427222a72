import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A file a command reads or writes, named for messages by the option that gives it.
public struct FileUse: Sendable, Equatable {
    /// Whether the command reads the file, writes it, or both (a state database).
    public enum Access: Sendable, Equatable {
        case read, write, readWrite

        var writes: Bool { self != .read }
    }

    public var path: String
    /// The option or argument that names the file, for messages: `--out`, `--checklist`,
    /// `the recording`.
    public var role: String
    public var access: Access

    public init(_ path: String, role: String, access: Access) {
        (self.path, self.role, self.access) = (path, role, access)
    }

    /// A file that is only read.
    public static func input(_ path: String, _ role: String) -> FileUse { FileUse(path, role: role, access: .read) }
    /// A file that is written (replaced).
    public static func output(_ path: String, _ role: String) -> FileUse { FileUse(path, role: role, access: .write) }
}

/// An output that must not be written where it was asked to be (usage error, exit status 2):
/// found before any audio or report is read and before anything is written.
public enum OutputPathError: Error, LocalizedError, Equatable {
    /// An output names the same file as an input: writing it would destroy the input.
    case overwritesInput(output: String, outputRole: String, input: String, inputRole: String)
    /// Two outputs name the same file: one would silently replace the other.
    case sameOutput(path: String, role: String, otherPath: String, otherRole: String)
    /// The output names an existing directory.
    case isDirectory(path: String, role: String)
    /// The folder the output goes in does not exist (or is not a folder).
    case missingFolder(path: String, role: String, folder: String)
    /// The folder the output goes in cannot be written.
    case unwritableFolder(path: String, role: String, folder: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .overwritesInput(let output, let outputRole, let input, let inputRole):
            "\(outputRole) \(output) names the same file as \(inputRole) \(input), which writing it would destroy; choose another path for \(outputRole)"
        case .sameOutput(let path, let role, let otherPath, let otherRole):
            "\(role) \(path) names the same file as \(otherRole) \(otherPath); give each output its own path"
        case .isDirectory(let path, let role):
            "\(role) \(path) is a directory; name a file"
        case .missingFolder(let path, let role, let folder):
            "\(role) \(path): there is no folder \(folder); create it first or choose another path"
        case .unwritableFolder(let path, let role, let folder, let reason):
            "\(role) \(path): cannot write in the folder \(folder) (\(reason)); choose another path"
        }
    }
}

/// The check every subcommand makes before it reads audio or reports and before it writes
/// anything: no output may name the same file as an input or as another output (compared by
/// file identity: `./x.json`, `x.json`, a symbolic or hard link are one file), and each output's
/// folder must exist and be writable. Devices, FIFOs and sockets (`/dev/null`, `/dev/stdout`)
/// are written in place, never replaced, so they may be named more than once.
public enum OutputPaths {
    /// Throws the first problem among `uses`, in the order given (conflicts first).
    public static func check(_ uses: [FileUse]) throws(OutputPathError) {
        var first: [FileIdentity: FileUse] = [:]
        for use in uses {
            if case .special = OutputTarget(use.path) { continue }
            let identity = FileIdentity(path: use.path)
            guard let earlier = first[identity] else {
                first[identity] = use
                continue
            }
            switch (earlier.access, use.access) {
            case (.read, .read):
                continue  // a file named twice is read twice; nothing is lost
            case (.read, _), (.readWrite, .write):
                // A file that is read (a state database is read, then written) would be replaced.
                throw .overwritesInput(output: use.path, outputRole: use.role, input: earlier.path, inputRole: earlier.role)
            case (_, .read), (.write, .readWrite):
                throw .overwritesInput(output: earlier.path, outputRole: earlier.role, input: use.path, inputRole: use.role)
            default:
                throw .sameOutput(path: use.path, role: use.role, otherPath: earlier.path, otherRole: earlier.role)
            }
        }
        for use in uses where use.access.writes {
            try checkFolder(use)
        }
    }

    private static func checkFolder(_ use: FileUse) throws(OutputPathError) {
        let target: String
        switch OutputTarget(use.path) {
        case .special: return  // written in place: its folder is not written
        case .directory: throw .isDirectory(path: use.path, role: use.role)
        case .file(let file): target = file
        }
        let named = PathName.deletingLastComponent(target)
        let folder = named.isEmpty ? "." : named
        var info = stat()
        guard stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw .missingFolder(path: use.path, role: use.role, folder: folder)
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw .unwritableFolder(path: use.path, role: use.role, folder: folder, reason: String(cString: strerror(errno)))
        }
        // Permissions are not all: root passes `access` in /proc, whose file system takes no
        // new files, and the report then failed after the whole batch was scored. A file is
        // created beside the output as the writer's temporary one is, and removed at once.
        let probe = PathName.appending(folder, ".\(PathName.lastComponent(target)).tmp-\(getpid())")
        var descriptor: Int32
        repeat {
            descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 || errno == EEXIST else {
            throw .unwritableFolder(path: use.path, role: use.role, folder: folder, reason: OutputSink.creationFailureMessage(probe))
        }
        if descriptor >= 0 {
            close(descriptor)
            unlink(probe)
        }
    }
}
