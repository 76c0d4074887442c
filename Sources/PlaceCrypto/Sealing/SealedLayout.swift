/// How a sealed content body is laid out and padded (`Protocol/CRYPTO.md` §4). The envelope's format
/// says which: a reader never guesses.
public enum SealedLayout: Hashable, Sendable {
    /// `nonce (24, random) || ciphertext || tag (16)`, the plaintext padded to at least 256 bytes:
    /// envelope formats 1 and 2.
    case standard
    /// `nonce tail (8, random) || ciphertext || tag (16)`, the nonce's first 16 bytes derived from the
    /// header, the plaintext padded to at least 32 bytes: envelope format 3. A one-word edit's body is
    /// 56 bytes sealed instead of 296.
    case compact

    /// The smallest padded plaintext.
    public var minimumPaddedSize: Int {
        switch self {
        case .standard: Padding.minimumSize
        case .compact: Padding.compactMinimumSize
        }
    }
}
