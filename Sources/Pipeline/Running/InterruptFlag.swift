import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Set when SIGINT or SIGTERM arrives: the run stops taking new files, finishes the files in
/// flight, writes what it has, and exits with status 3.
public final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    private var sources: [DispatchSourceSignal] = []

    public init() {}

    /// Whether a stop was asked for.
    public var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }

    /// Raises the flag.
    public func set() {
        lock.lock()
        raised = true
        lock.unlock()
    }

    /// Routes SIGINT and SIGTERM to this flag (instead of killing the process).
    public func installSignalHandlers(onSignal: @escaping @Sendable (Int32) -> Void = { _ in }) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                self?.set()
                onSignal(number)
            }
            source.resume()
            sources.append(source)
        }
    }
}
