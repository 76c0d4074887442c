internal import Foundation
internal import Glibc
internal import PlaceCrypto

/// The secret that opens the HTTP frontend: 32 random bytes as 64 hex characters, kept in a file only
/// its owner can read. API clients send it as `Authorization: Bearer <token>`; people paste it once on
/// the login page. It is compared in constant time.
public struct AccessToken: Sendable, CustomStringConvertible {
    /// The token's text.
    let text: String

    /// A token with this text (at least 32 characters).
    /// - Throws: ``HTTPFrontendError`` when the text is too short to be a secret.
    public init(_ text: String) throws(HTTPFrontendError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= 32, trimmed.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw HTTPFrontendError("the access token must be at least 32 printable characters")
        }
        self.text = trimmed
    }

    /// A new random token.
    public static func random() -> AccessToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        // Only fails for short text, and 64 hex characters are not short.
        return AccessToken(unchecked: bytes.map { String(format: "%02x", $0) }.joined())
    }

    private init(unchecked text: String) { self.text = text }

    /// Reads the token file at `path`, creating it (mode 0600, a new random token) when it does not
    /// exist. Returns the token and whether it was created.
    /// - Throws: ``HTTPFrontendError`` when the file cannot be read or written, is readable by others,
    ///   or holds no valid token.
    public static func loadOrCreate(at path: String) throws(HTTPFrontendError) -> (token: AccessToken, created: Bool) {
        if FileManager.default.fileExists(atPath: path) {
            var info = stat()
            guard stat(path, &info) == 0 else { throw HTTPFrontendError("cannot read the token file \(path)") }
            guard info.st_mode & 0o077 == 0 else {
                throw HTTPFrontendError(
                    "the token file \(path) can be read by others (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600 \(path)"
                )
            }
            guard let data = FileManager.default.contents(atPath: path), data.count <= 4_096,
                let text = String(data: data, encoding: .utf8)
            else { throw HTTPFrontendError("cannot read the token file \(path)") }
            do { return (try AccessToken(text), false) } catch {
                throw HTTPFrontendError("the token file \(path) holds no valid token: delete it to make a new one")
            }
        }
        let token = random()
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw HTTPFrontendError("cannot create the token file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let line = Array((token.text + "\n").utf8)
        guard write(descriptor, line, line.count) == line.count, fsync(descriptor) == 0 else {
            throw HTTPFrontendError("cannot write the token file \(path): \(String(cString: strerror(errno)))")
        }
        return (token, true)
    }

    /// Whether `candidate` is this token, in time that does not depend on where they differ.
    func matches(_ candidate: some StringProtocol) -> Bool {
        constantTimeEquals(Array(text.utf8), Array(candidate.utf8))
    }

    /// Never the secret itself.
    public var description: String { "AccessToken(…)" }
}

/// A problem starting or configuring the HTTP frontend, told plainly.
public struct HTTPFrontendError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
