import PlaceCrypto
import Testing

/// D20: known answers from the primitives' specifications, through the Swift wrapper, accept and reject.
@Suite struct KnownAnswerTests {
    /// RFC 8032 §7.1, tests 1 and 2.
    @Test func ed25519MatchesRFC8032() throws {
        let cases: [(seed: String, publicKey: String, message: String, signature: String)] = [
            (
                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
            ),
            (
                "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
            ),
        ]
        for item in cases {
            let node = try NodeKeyPair(seed: SecureBytes(copying: hex(item.seed)))
            #expect(node.nodeID.publicKey == hex(item.publicKey))
            let signature = try node.signWithoutContext(hex(item.message))
            #expect(signature.bytes == hex(item.signature))
            try node.nodeID.verifyWithoutContext(signature, for: hex(item.message))
            // Reject: any other message, or a flipped signature bit.
            #expect(throws: CryptoError.self) {
                try node.nodeID.verifyWithoutContext(signature, for: hex(item.message) + [0])
            }
            var flipped = signature.bytes
            flipped[10] ^= 1
            #expect(throws: CryptoError.self) {
                try node.nodeID.verifyWithoutContext(Signature(bytes: flipped), for: hex(item.message))
            }
        }
    }

    /// RFC 7748 §6.1.
    @Test func x25519MatchesRFC7748() throws {
        let alice = try X25519KeyPair(
            secretKey: SecureBytes(copying: hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")))
        let bob = try X25519KeyPair(
            secretKey: SecureBytes(copying: hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")))
        #expect(alice.publicKey == hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"))
        #expect(bob.publicKey == hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"))
        let shared = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
        #expect(try alice.sharedSecret(with: bob.publicKey).withUnsafeBytes { Array($0) } == shared)
        #expect(try bob.sharedSecret(with: alice.publicKey).withUnsafeBytes { Array($0) } == shared)
        // Reject: a low-order point gives an all-zero secret, which libsodium refuses.
        #expect(throws: CryptoError.self) { try alice.sharedSecret(with: [UInt8](repeating: 0, count: 32)) }
    }

    /// draft-irtf-cfrg-xchacha-03 §A.3.1.
    @Test func xchacha20Poly1305MatchesTheDraftVector() throws {
        let key = try ContentKey(
            testKey: hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"), epoch: 1)
        let nonce = hex("404142434445464748494a4b4c4d4e4f5051525354555657")
        let associatedData = hex("50515253c0c1c2c3c4c5c6c7")
        let plaintext = Array(
            "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
                .utf8)
        let expected = hex(
            """
            bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452
            2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13b52e
            c0875924c1c7987947deafd8780acf49
            """)
        let sealed = try key.seal(plaintext, associatedData: associatedData, nonce: nonce)
        #expect(Array(sealed.dropFirst(24)) == expected)
        #expect(try key.open(sealed, associatedData: associatedData) == plaintext)
        // Reject: a changed tag, ciphertext, nonce or associated data.
        for position in [0, 30, sealed.count - 1] {
            var tampered = sealed
            tampered[position] ^= 0x80
            #expect(throws: CryptoError.self) { try key.open(tampered, associatedData: associatedData) }
        }
        #expect(throws: CryptoError.self) { try key.open(sealed, associatedData: associatedData + [0]) }
    }

    /// RFC 7693 Appendix A: BLAKE2b-512("abc").
    @Test func blake2bMatchesRFC7693() {
        let digest = Blake2b.hash(Array("abc".utf8), outputLength: 64)
        #expect(
            digest
                == hex(
                    "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
                ))
        #expect(Blake2b.hash(Array("abd".utf8), outputLength: 64) != digest)
    }
}
