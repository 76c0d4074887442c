extension String {
    /// Text a peer sent, made safe to log or show: control and format characters (terminal escapes,
    /// newlines that forge log lines, bidirectional overrides) become `?`, and it is cut to `maxBytes`
    /// bytes of UTF-8 with `…` at the end if it was longer.
    package func sanitizedPeerText(maxBytes: Int = 256) -> String {
        var cleaned = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                cleaned.append("?")
            default:
                cleaned.append(scalar)
            }
        }
        let text = String(cleaned)
        guard text.utf8.count > maxBytes else { return text }
        return text.truncated(toUTF8Bytes: maxBytes - 3) + "…"
    }

    /// The longest prefix of whole characters whose UTF-8 form fits in `maxBytes`.
    func truncated(toUTF8Bytes maxBytes: Int) -> String {
        guard utf8.count > maxBytes else { return self }
        var result = ""
        var bytes = 0
        for character in self {
            let size = character.utf8.count
            guard bytes + size <= maxBytes else { break }
            result.append(character)
            bytes += size
        }
        return result
    }
}
