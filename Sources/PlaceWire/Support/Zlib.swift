internal import CZlib

/// zlib's one-shot deflate and inflate over byte arrays: what deflated sync messages and checkpoint
/// payloads are made of.
enum Zlib {
    /// `bytes` deflated at `level` (1: fastest), or `nil` when zlib fails.
    static func deflate(_ bytes: [UInt8], level: Int32) -> [UInt8]? {
        var size = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        let status = output.withUnsafeMutableBufferPointer { buffer in
            bytes.withUnsafeBufferPointer { input in
                guard let destination = buffer.baseAddress, let source = input.baseAddress else { return Z_BUF_ERROR }
                return compress2(destination, &size, source, uLong(input.count), level)
            }
        }
        guard status == Z_OK else { return nil }
        output.removeLast(output.count - Int(size))
        return output
    }

    /// The `declared` bytes that `stream` inflates to. Never writes past `declared`, so the caller's
    /// limit on `declared` bounds the memory an inflation takes.
    /// - Throws: ``WireError/Code/malformed`` (naming `what`) when the stream is corrupt or cut short,
    ///   or inflates to more or fewer bytes than declared.
    static func inflate(_ stream: ArraySlice<UInt8>, declared: Int, what: String) throws(WireError) -> [UInt8] {
        guard declared > 0 else { throw WireError(.malformed, "\(what) declares 0 bytes") }
        var output = [UInt8](repeating: 0, count: declared)
        var size = uLong(declared)
        let status = output.withUnsafeMutableBufferPointer { buffer in
            stream.withUnsafeBufferPointer { input in
                guard let destination = buffer.baseAddress, let source = input.baseAddress else { return Z_BUF_ERROR }
                return uncompress(destination, &size, source, uLong(input.count))
            }
        }
        switch status {
        case Z_OK: break
        case Z_BUF_ERROR:
            // Either the stream inflates to more than declared, or it is cut short.
            throw WireError(.malformed, "\(what) does not inflate to the \(declared) bytes it declares")
        default:
            throw WireError(.malformed, "\(what)'s zlib stream is corrupt (zlib status \(status))")
        }
        guard Int(size) == declared else {
            throw WireError(.malformed, "\(what) inflates to \(size) bytes, not the \(declared) it declares")
        }
        return output
    }
}
