import ArgumentParser
import Foundation

/// Refuses an option that takes one value given more than once.
///
/// swift-argument-parser keeps the last value of a single-valued option and drops the others in
/// silence: `--manifest a.csv --manifest b.csv` scored b.csv alone (a.csv's calls missing from the
/// report, status 0), `--agent-channel 0 --agent-channel 1` took 1, `--out a.json --out b.json`
/// wrote b.json only. Each command calls `check` first in its `validate()`, so the repetition is a
/// usage error (status 2) shown with the command's usage, before any file is read.
///
/// Which options take one value comes from the command's own definition (the argument parser's
/// description of it, as `--experimental-dump-help` prints), so a new option is covered without
/// a list to keep up to date. Options that may be repeated (`--checklist`, `--include`, ...) and
/// flags (`--quiet` twice says the same thing twice) are not refused.
enum RepeatedOptions {
    /// Throws a `ValidationError` naming the first single-valued option of `command` that
    /// `arguments` give more than once, with the values given; `hints` adds, by long name, what to
    /// do instead (e.g. for `manifest`).
    static func check<Command: ParsableArguments>(
        _ command: Command.Type, hints: [String: String] = [:],
        arguments: [String] = Array(CommandLine.arguments.dropFirst())
    ) throws {
        let options = Self.options(of: command)
        var given: [String: [String]] = [:]
        var order: [String] = []
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            if token == "--" { break }  // what follows is positional
            let parts = token.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if token.hasPrefix("-"), let option = options[String(parts[0])] {
                // The value is attached (`--out=a.json`) or the next argument: skip it, so a
                // value is never read as an option.
                let value: String
                if parts.count == 2 {
                    value = String(parts[1])
                } else {
                    index += 1
                    value = index < arguments.count ? arguments[index] : ""
                }
                if !option.repeatable {
                    if given[option.name] == nil { order.append(option.name) }
                    given[option.name, default: []].append(value)
                }
            }
            index += 1
        }
        guard let name = order.first(where: { given[$0, default: []].count > 1 }), let values = given[name] else { return }
        let times = values.count == 2 ? "twice" : "\(values.count) times"
        let listed = values.map { "'\($0)'" }.joined(separator: ", ")
        let hint = hints[String(name.drop { $0 == "-" })].map { " \($0)" } ?? ""
        throw ValidationError("\(name) is given \(times) (\(listed)) but takes one value (only the last would be used): give it once.\(hint)")
    }

    /// An option as the command line spells it.
    private struct Option {
        /// The option's long name, `--out`, to name it in messages.
        var name: String
        /// Whether the option takes a value each time it is given (an array option).
        var repeatable: Bool
    }

    /// Every option of `command` that takes a value, by each spelling (`--out`, `-o`).
    private static func options<Command: ParsableArguments>(of command: Command.Type) -> [String: Option] {
        guard let info = try? JSONDecoder().decode(ToolInfo.self, from: Data(command._dumpHelp().utf8)) else { return [:] }
        var options: [String: Option] = [:]
        for argument in info.command.arguments ?? [] where argument.kind == "option" {
            let spellings = (argument.names ?? []).map { $0.kind == "long" ? "--\($0.name)" : "-\($0.name)" }
            guard let display = spellings.first(where: { $0.hasPrefix("--") }) ?? spellings.first else { continue }
            for spelling in spellings { options[spelling] = Option(name: display, repeatable: argument.isRepeating) }
        }
        return options
    }

    /// The part of the argument parser's description of a command read here.
    private struct ToolInfo: Decodable {
        struct Name: Decodable {
            /// `long`, `short` or `longWithSingleDash`.
            var kind: String
            var name: String
        }
        struct Argument: Decodable {
            /// `positional`, `option` or `flag`.
            var kind: String
            var names: [Name]?
            var isRepeating: Bool
        }
        struct Command: Decodable {
            var arguments: [Argument]?
        }
        var command: Command
    }
}
