extension UnsafeRawBufferPointer {
    /// The buffer's bytes as C expects them. Secure buffers are never empty (`SecureBytes` refuses a
    /// zero count), so a base address always exists.
    var bytes: UnsafePointer<UInt8> {
        guard let base = baseAddress else { preconditionFailure("secure buffers are never empty") }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}

extension UnsafeMutableRawBufferPointer {
    /// The buffer's bytes as C expects them (see `UnsafeRawBufferPointer.bytes`).
    var mutableBytes: UnsafeMutablePointer<UInt8> {
        guard let base = baseAddress else { preconditionFailure("secure buffers are never empty") }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}
