import Foundation
import PlaceCrypto
import Testing

/// D20: every Project Wycheproof case for the three primitives PlaceSync signs, seals and agrees keys
/// with, through PlaceCrypto's own wrappers: 100 % of the expected accepts and rejects (the files, their
/// source and licence are in `Wycheproof/`).
@Suite struct WycheproofTests {
    struct File<Test: Decodable>: Decodable {
        struct Group: Decodable {
            let publicKey: PublicKey?
            let tests: [Test]
        }
        struct PublicKey: Decodable { let pk: String }
        let numberOfTests: Int
        let testGroups: [Group]
    }

    struct AEADCase: Decodable {
        let tcId: Int
        let key, iv, aad, msg, ct, tag, result: String
    }

    struct SignatureCase: Decodable {
        let tcId: Int
        let msg, sig, result: String
        let flags: [String]
    }

    struct AgreementCase: Decodable {
        let tcId: Int
        let `public`, `private`, shared, result: String
    }

    static func load<Test>(_ name: String, as _: Test.Type) throws -> File<Test> {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Wycheproof/\(name)")
        let file = try JSONDecoder().decode(File<Test>.self, from: Data(contentsOf: url))
        #expect(file.testGroups.map(\.tests.count).reduce(0, +) == file.numberOfTests)
        return file
    }

    @Test func xchacha20Poly1305AcceptsAndRejectsExactlyAsWycheproofSays() throws {
        let file = try Self.load("xchacha20_poly1305_test.json", as: AEADCase.self)
        var checked = 0
        for test in file.testGroups.flatMap(\.tests) {
            let outcome = Self.aeadOutcome(test)
            #expect(outcome == (test.result == "valid"), "tcId \(test.tcId)")
            checked += 1
        }
        #expect(checked == 315)
    }

    /// Whether PlaceCrypto accepts the case: seals the message to exactly the expected bytes and opens
    /// them again. A key or nonce of another length is refused at the door.
    static func aeadOutcome(_ test: AEADCase) -> Bool {
        guard let key = try? ContentKey(testKey: hex(test.key), epoch: 1) else { return false }
        let sealed = hex(test.iv) + hex(test.ct) + hex(test.tag)
        let opened = try? key.open(sealed, associatedData: hex(test.aad))
        guard let resealed = try? key.seal(hex(test.msg), associatedData: hex(test.aad), nonce: hex(test.iv)) else {
            return false
        }
        return opened == hex(test.msg) && resealed == sealed
    }

    @Test func ed25519VerifiesExactlyAsWycheproofSays() throws {
        let file = try Self.load("ed25519_test.json", as: SignatureCase.self)
        var checked = 0
        for group in file.testGroups {
            let publicKey = try #require(group.publicKey).pk
            for test in group.tests {
                let accepted = Self.verifies(publicKey: publicKey, test)
                // Acceptable cases, pinned: a small-order public key is refused (libsodium checks it);
                // a valid signature under a mixed-order key verifies (cofactorless, as libsodium does:
                // only its owner could have made it, so it forges nothing).
                let expected =
                    test.result == "valid" || (test.result == "acceptable" && test.flags == ["MixedOrderPublicKey"])
                #expect(accepted == expected, "tcId \(test.tcId) \(test.flags)")
                checked += 1
            }
        }
        #expect(checked == 210)
    }

    static func verifies(publicKey: String, _ test: SignatureCase) -> Bool {
        guard let node = try? NodeID(publicKey: hex(publicKey)), let signature = try? Signature(bytes: hex(test.sig))
        else { return false }
        return (try? node.verifyWithoutContext(signature, for: hex(test.msg))) != nil
    }

    @Test func x25519AgreesExactlyAsWycheproofSays() throws {
        let file = try Self.load("x25519_test.json", as: AgreementCase.self)
        let zero = String(repeating: "0", count: 64)
        var checked = 0
        for test in file.testGroups.flatMap(\.tests) {
            let pair = try X25519KeyPair(secretKey: SecureBytes(copying: hex(test.private)))
            let shared = try? pair.sharedSecret(with: hex(test.public)).withUnsafeBytes { Array($0) }
            if test.shared == zero {
                // Low-order public keys (acceptable either way): refused, so no session key is ever zero.
                #expect(shared == nil, "tcId \(test.tcId)")
            } else {
                #expect(shared == hex(test.shared), "tcId \(test.tcId) (\(test.result))")
            }
            checked += 1
        }
        #expect(checked == 518)
    }
}
