import Foundation

/// File-path string operations on "/"-separated paths, written here because Foundation's
/// `NSString` path methods crash on some inputs on Linux (e.g. `"x//Ŗ"`, found by the
/// name-pattern fuzzer), and paths come from manifests, file names and the command line.
enum PathName {
    /// The last component, ignoring trailing slashes ("a/b/" -> "b"; "/" -> "/").
    static func lastComponent(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard trimmed != "/", let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// Everything before the last component ("a/b/c" -> "a/b"; "c" -> ""; "/c" -> "/").
    static func deletingLastComponent(_ path: String) -> String {
        var withoutTrailing = Substring(path)
        while withoutTrailing.count > 1, withoutTrailing.hasSuffix("/") { withoutTrailing = withoutTrailing.dropLast() }
        guard let slash = withoutTrailing.lastIndex(of: "/") else { return "" }
        if slash == withoutTrailing.startIndex { return "/" }
        var folder = withoutTrailing[..<slash]
        while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
        return String(folder)
    }

    /// The extension of the last component, without the dot ("a/b.WAV" -> "WAV"; ".wav" -> "").
    static func pathExtension(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }

    /// `component` appended to `folder` with one slash between them.
    static func appending(_ folder: String, _ component: String) -> String {
        if folder.isEmpty { return component }
        return folder.hasSuffix("/") ? folder + component : folder + "/" + component
    }

    /// `path` made absolute against `currentDirectory` and normalised without touching the file
    /// system: `.` components and repeated slashes dropped, `..` removes the component before it
    /// ("audio/../x.wav" in /data -> "/data/x.wav"; ".." above the root stays at the root). The
    /// work is done on UTF-8 bytes, so a component starting with a combining mark is still split
    /// at its slash.
    static func absolute(_ path: String, currentDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        let slash = UInt8(ascii: "/")
        let full = path.utf8.first == slash ? Array(path.utf8) : Array(currentDirectory.utf8) + [slash] + Array(path.utf8)
        var components: [ArraySlice<UInt8>] = []
        for component in full.split(separator: slash) {
            if component.elementsEqual([UInt8(ascii: ".")]) { continue }
            if component.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                _ = components.popLast()
                continue
            }
            components.append(component)
        }
        var result: [UInt8] = []
        for component in components { result += [slash] + component }
        return result.isEmpty ? "/" : String(decoding: result, as: UTF8.self)
    }

    /// Sort order of paths: `String` order, and byte order between paths that `String` holds
    /// equal (canonically equivalent Unicode, e.g. `café.wav` written NFC and NFD: two files), so
    /// the order never depends on the order the paths were found in.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a == b ? a.utf8.lexicographicallyPrecedes(b.utf8) : a < b
    }
}
