import Foundation

/// Where a file that must be UTF-8 text (a checklist, a manifest, human evaluations) is not, so
/// that the message can name the line, the column and the byte, and say to save the file as
/// UTF-8. Supervisors' files come from spreadsheets and old Windows editors, which save accented
/// letters in Windows-1252 (Latin-1) or the whole file in UTF-16.
public struct NotUTF8Text: Error, Sendable, Equatable {
    /// 1-based line of the first byte that is not UTF-8.
    public var line: Int
    /// 1-based column of that byte, in characters (Unicode scalars) of its line.
    public var column: Int
    /// 0-based offset of that byte in the file.
    public var byteOffset: Int
    /// The byte.
    public var byte: UInt8
    /// Whether the file starts with a UTF-16 byte order mark (FF FE or FE FF).
    public var isUTF16: Bool

    /// Decodes `data` as UTF-8 text, or says where it is not.
    public static func decode(_ data: Data) -> Result<String, NotUTF8Text> {
        if let text = String(data: data, encoding: .utf8) { return .success(text) }
        let bytes = [UInt8](data)
        if bytes.count >= 2, (bytes[0], bytes[1]) == (0xFF, 0xFE) || (bytes[0], bytes[1]) == (0xFE, 0xFF) {
            return .failure(NotUTF8Text(line: 1, column: 1, byteOffset: 0, byte: bytes[0], isUTF16: true))
        }
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        var offset = 0, line = 1, column = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += Unicode.UTF8.width(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                let byte = offset < bytes.count ? bytes[offset] : 0
                return .failure(NotUTF8Text(line: line, column: column, byteOffset: offset, byte: byte, isUTF16: false))
            case .emptyInput:
                // Foundation refused what the standard library accepts: say so without a place.
                return .failure(NotUTF8Text(line: 1, column: 1, byteOffset: 0, byte: bytes.first ?? 0, isUTF16: false))
            }
        }
    }

    /// What is wrong, for a message after the file's name and position, e.g. "not valid UTF-8
    /// text: byte 0xE8 (è in Windows-1252 or Latin-1, as older Windows editors save it) at byte
    /// offset 412".
    public var explanation: String {
        if isUTF16 { return "not valid UTF-8 text: the file is UTF-16 (it starts with a UTF-16 byte order mark)" }
        let hex = "0x" + String(byte, radix: 16, uppercase: true)
        let legacy = byte >= 0x80 ? String(data: Data([byte]), encoding: .windowsCP1252) : nil
        let reading = legacy.map { " ('\($0)' in Windows-1252 or Latin-1, as older Windows editors and spreadsheets save it)" } ?? ""
        return "not valid UTF-8 text: byte \(hex)\(reading) at byte offset \(byteOffset)"
    }
}
