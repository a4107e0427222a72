import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Names the recording a crash happened on. A trap in the analysis (a bug: an overflow, an
/// index out of range) or a fault in a C library ends the whole process, and with it the batch;
/// without a name, a nightly run would stop at the same recording every night.
///
/// Each worker thread announces the recording it analyses (`running`). When the process gets a
/// fatal signal that the faulting thread raised itself (SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE
/// from the CPU; SIGABRT from `abort`), the handler writes to standard error which recording that
/// thread was analysing and, when the run keeps a state database, appends the recording's line
/// to the crash journal beside it (`StateStore.crashJournalPath`), which the next run reads: that
/// run leaves the recording out (error `analysis.crashed`) until the file changes or callqa is
/// updated, and the batch goes on. The other recordings in flight on other threads are not
/// named: they did nothing wrong. The same signal sent by another process (`kill -SEGV`) names
/// nothing. Then the handler that was there before (the Swift runtime's, or the default) takes
/// the signal, so the process still dies as it would have.
///
/// The handler does only what a signal handler may: it reads memory written before and calls
/// `write`, `open` and `close`. Everything it reads is allocated once, by `install`.
enum CrashGuard {
    /// The signals that mean the process itself faulted.
    static let signals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT]

    /// Routes the fatal signals through the guard. `journalPath`: where the crash journal goes
    /// (nil: no journal, the recording is only named on standard error); `batchHints`: whether
    /// the message says how to go on with the batch (`callqa score`'s --exclude and --state).
    /// `announce`: whether the handler names the recording on standard error at all (an analysis
    /// worker's parent names it: `WorkerSupervisor`). Installs once; later calls only change the
    /// journal, the hints and the announcement.
    static func install(journalPath: String?, batchHints: Bool = true, announce: Bool = true) {
        lock.lock()
        defer { lock.unlock() }
        if crashTable == nil {
            let table = UnsafeMutablePointer<CrashTable>.allocate(capacity: 1)
            table.initialize(to: CrashTable())
            // Published before the handler can run: it hands every signal on through the table.
            crashTable = table
            for number in signals {
                var action = sigaction()
                action.__sigaction_handler.sa_sigaction = crashHandler
                action.sa_flags = SA_SIGINFO
                sigemptyset(&action.sa_mask)
                _ = sigaction(number, &action, table.pointee.previous + Int(number))
            }
        }
        let table = crashTable!
        table.pointee.journal.update(journalPath ?? "")
        table.pointee.terminal = isatty(2) != 0
        table.pointee.batchHints = batchHints
        table.pointee.announce = announce
    }

    /// Runs `body` with the calling thread's recording announced: `name` for standard error (the
    /// recording as the operator knows it) and `journalLine` for the crash journal (nil: none).
    static func running<Result, Failure: Error>(
        name: String, journalLine: String?, _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        guard let table = crashTable else { return try body() }
        let slot = claim(table)
        guard slot >= 0 else { return try body() }
        table.pointee.slots[slot].name.update(name)
        table.pointee.slots[slot].journalLine.update(journalLine ?? "")
        // Published last: the handler reads the texts only of a slot that names its thread.
        table.pointee.slots[slot].thread = UInt(pthread_self())
        defer {
            lock.lock()
            table.pointee.slots[slot].thread = 0
            table.pointee.slots[slot].claimed = false
            lock.unlock()
        }
        injectFault(name)
        return try body()
    }

    /// The first free slot, or -1 when every one is taken (more threads than `CrashTable.slotCount`
    /// analyse at once: the recording goes unnamed).
    private static func claim(_ table: UnsafeMutablePointer<CrashTable>) -> Int {
        lock.lock()
        defer { lock.unlock() }
        // Only `claimed` is read here: `thread` belongs to the slot's owner (and the handler).
        for index in 0..<CrashTable.slotCount where !table.pointee.slots[index].claimed {
            table.pointee.slots[index].claimed = true
            return index
        }
        return -1
    }

    private static let lock = NSLock()

    // MARK: Fault injection, for the tests

    /// `CALLQA_TEST_CRASH=NAME[:trap|:segv|:abort|:kill|:hang|:overflow]`: crash (a Swift trap, by default) when
    /// starting on the recording whose file name is NAME. Only the end-to-end tests set it: a
    /// crash cannot be provoked by any input once its cause is fixed.
    private static let injectedFault: (name: String, kind: String)? = {
        guard let value = ProcessInfo.processInfo.environment["CALLQA_TEST_CRASH"], !value.isEmpty else { return nil }
        let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "trap")
    }()

    private static func injectFault(_ name: String) {
        guard let fault = injectedFault, (name as NSString).lastPathComponent == fault.name else { return }
        // What a library might say on its way down (a worker's standard error, which a run with
        // JSON logs keeps as the crash's report).
        Diagnostics.message("CALLQA_TEST_CRASH: crashing on \(fault.name) (\(fault.kind)) as asked", prefix: false)
        switch fault.kind {
        case "segv": UnsafeMutablePointer<Int>(bitPattern: 8)!.pointee = 1
        case "abort": abort()
        // The kernel's way (out of memory): no handler runs, nothing is noted.
        case "kill": kill(getpid(), SIGKILL)
        // A decoder that never returns.
        case "hang": while true { sleep(60) }
        // Recursion without end: no handler can run on the exhausted stack.
        case "overflow": _ = overflowStack(1)
        default: preconditionFailure("CALLQA_TEST_CRASH: crashing on \(name) as asked")
        }
    }
}

/// Calls itself until the stack is exhausted (the test fault `overflow`).
@inline(never)
private func overflowStack(_ depth: Int) -> Int {
    var frame = [Int](repeating: depth, count: 1)
    return withUnsafeMutablePointer(to: &frame) { pointer in
        var local = (depth, depth, depth, depth, depth, depth, depth, depth)
        return withUnsafeMutablePointer(to: &local) { overflowStack(depth + 1) &+ $0.pointee.7 &+ pointer.pointee.count }
    }
}

/// The guard's state, allocated once and never freed (the handler may read it at any time).
struct CrashTable {
    static let slotCount = 256

    struct Slot {
        /// The thread analysing the recording (`pthread_self`), 0 when free.
        var thread: UInt = 0
        /// Held from `claim` until the slot is released (so two threads never share it).
        var claimed = false
        var name: CrashText
        var journalLine: CrashText
    }

    let slots: UnsafeMutablePointer<Slot>
    var journal: CrashText
    /// Whether standard error is a terminal, where a progress bar may stand on the last line.
    var terminal = false
    /// See `CrashGuard.install`.
    var batchHints = true
    /// See `CrashGuard.install`.
    var announce = true

    init() {
        // One allocation for every text (its pages are only touched as slots are used).
        let texts = UnsafeMutablePointer<UInt8>.allocate(capacity: (2 * Self.slotCount + 1) * (CrashText.capacity + 1))
        slots = UnsafeMutablePointer<Slot>.allocate(capacity: Self.slotCount)
        for index in 0..<Self.slotCount {
            (slots + index).initialize(to: Slot(name: CrashText(texts, index: 2 * index), journalLine: CrashText(texts, index: 2 * index + 1)))
        }
        journal = CrashText(texts, index: 2 * Self.slotCount)
    }

    /// The actions the guard replaced, by signal number.
    let previous: UnsafeMutablePointer<sigaction> = {
        let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: Int(NSIG))
        previous.initialize(repeating: sigaction(), count: Int(NSIG))
        return previous
    }()
}

/// A fixed buffer of bytes a signal handler can write out (no allocation, no Swift string),
/// kept NUL-terminated so that it can also be a path for `open`.
struct CrashText {
    /// A path's length at most (`PATH_MAX`); a longer text is cut.
    static let capacity = 4096
    let bytes: UnsafeMutablePointer<UInt8>
    var count = 0

    /// The text at `index` of `arena` (room for `capacity` bytes and the NUL after them).
    init(_ arena: UnsafeMutablePointer<UInt8>, index: Int) {
        bytes = arena + index * (Self.capacity + 1)
        bytes.initialize(to: 0)
    }

    /// Replaces the text (truncated to the capacity). Not while the handler may read it: its
    /// slot is not published, or the journal is set before any recording starts.
    mutating func update(_ text: String) {
        var length = 0
        for byte in text.utf8 where length < Self.capacity {
            bytes[length] = byte
            length += 1
        }
        bytes[length] = 0
        count = length
    }
}

/// Read by the handler: set once by `install`, never freed.
nonisolated(unsafe) private var crashTable: UnsafeMutablePointer<CrashTable>? = nil

private func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) {
    var done = 0
    while done < count {
        let written = write(descriptor, bytes + done, count - done)
        if written <= 0 { return }
        done += written
    }
}

private func writeStatic(_ descriptor: Int32, _ text: StaticString) {
    writeAll(descriptor, text.utf8Start, text.utf8CodeUnitCount)
}

/// A signal's name, as the crash journal and the messages give it ("signal" for one not listed);
/// a static text, so that the handler can write it.
func signalName(_ number: Int32) -> StaticString {
    switch number {
    case SIGILL: "SIGILL"
    case SIGTRAP: "SIGTRAP"
    case SIGSEGV: "SIGSEGV"
    case SIGBUS: "SIGBUS"
    case SIGFPE: "SIGFPE"
    case SIGABRT: "SIGABRT"
    case SIGKILL: "SIGKILL"
    case SIGTERM: "SIGTERM"
    case SIGINT: "SIGINT"
    case SIGPIPE: "SIGPIPE"
    case SIGXCPU: "SIGXCPU"
    default: "signal"
    }
}

/// The signal handler: async-signal-safe calls only.
private let crashHandler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = {
    number, info, _ in
    guard let table = crashTable else { return }
    // Raised by this process itself: by the CPU (a positive code) or by `abort` (tgkill from
    // this process). Another process's `kill` names nothing.
    let code = info?.pointee.si_code ?? 0
    let ownRaise = code == SI_TKILL && info?.pointee._sifields._kill.si_pid == getpid()
    if code > 0 || ownRaise {
        let me = UInt(pthread_self())
        for index in 0..<CrashTable.slotCount where table.pointee.slots[index].thread == me {
            let slot = table.pointee.slots[index]  // plain values and pointers: no reference counting
            let name = signalName(number)
            let announce = table.pointee.announce
            if announce {
                if table.pointee.terminal { writeStatic(2, "\n") }  // below the progress bar
                writeStatic(2, "callqa: ")
                writeAll(2, slot.name.bytes, slot.name.count)
                writeStatic(2, ": callqa crashed (")
                writeAll(2, name.utf8Start, name.utf8CodeUnitCount)
                writeStatic(2, ") while analysing this recording; please report it.")
            }
            let noted = slot.journalLine.count > 0 && table.pointee.journal.count > 0
            var journal: Int32 = -1
            if noted {
                journal = open(
                    UnsafeRawPointer(table.pointee.journal.bytes).assumingMemoryBound(to: CChar.self),
                    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
            }
            if journal >= 0 {
                // On a line of its own, whatever an earlier crash left half-written.
                writeStatic(journal, "\n")
                writeAll(journal, slot.journalLine.bytes, slot.journalLine.count)
                writeAll(journal, name.utf8Start, name.utf8CodeUnitCount)
                writeStatic(journal, "\n")
                close(journal)
            }
            if announce {
                if journal >= 0 {
                    writeStatic(2, " The next run with this --state leaves it out (analysis.crashed) and goes on.\n")
                } else if noted {
                    writeStatic(2, " It could not be noted beside the state database: leave it out with --exclude.\n")
                } else if table.pointee.batchHints {
                    writeStatic(2, " Run the batch again without it (--exclude), or with --state, whose next run leaves it out.\n")
                } else {
                    writeStatic(2, "\n")
                }
            }
            break
        }
    }
    // The handler that was there before takes the signal when this one returns: a fault happens
    // again at the same instruction, and a raised signal is pending (blocked while it is handled).
    _ = sigaction(number, table.pointee.previous + Int(number), nil)
    if code <= 0 || number == SIGTRAP { raise(number) }
}
