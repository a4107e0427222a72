import Foundation

/// One problem found in a checklist, with where it is.
public struct ChecklistDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The checklist file.
    public var file: String
    /// 1-based line, or 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column, or 0.
    public var column: Int
    /// Where in the checklist, e.g. `sections[2].items[4].threshold`.
    public var path: String
    /// What is wrong and how to fix it.
    public var message: String

    public init(file: String, line: Int, column: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// `file:line:column: path: message`.
    public var description: String {
        let position = line > 0 ? "\(file):\(line):\(column)" : file
        return path.isEmpty ? "\(position): \(message)" : "\(position): \(path): \(message)"
    }
}

/// A checklist that cannot be used: every problem found, in file order.
public struct ChecklistError: Error, LocalizedError, Sendable {
    public var diagnostics: [ChecklistDiagnostic]

    public init(diagnostics: [ChecklistDiagnostic]) {
        self.diagnostics = diagnostics
    }

    public var errorDescription: String? {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
