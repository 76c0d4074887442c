// PlaceCrypto and the envelope next to raw libsodium calls measured in the same run.
// Run: cd Benchmarks && swift run -c release crypto-report      (RUNS=N sets the repetitions; median reported)
import CSodiumRaw
import Foundation
import PlaceCRDT
import PlaceCrypto
import PlaceWire

let runs = Int(ProcessInfo.processInfo.environment["RUNS"] ?? "") ?? 7

/// Median time per iteration, in microseconds, of `iterations` calls of `body`.
func measure(iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = ContinuousClock.now
        for _ in 0..<iterations { try body() }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        samples.append(seconds / Double(iterations) * 1e6)
    }
    return samples.sorted()[samples.count / 2]
}

func row(_ name: String, _ place: Double, _ raw: Double) {
    print(
        "\(name) | \(String(format: "%.2f", place)) | \(String(format: "%.2f", raw)) | \(String(format: "%.2f", place / raw))"
    )
}

_ = sodium_init()
let node = try NodeKeyPair.generate()
let epochKey = try EpochKey.generate(epoch: 1)
let contentKey = try epochKey.contentKey()
let space = SpaceID(bytes: [UInt8](repeating: 1, count: 16))!
guard let author = ActorID(bytes: node.nodeID.publicKey) else { fatalError("node ids are 32 bytes") }
let header = try EnvelopeHeader(
    kind: .content, space: space, author: author, seq: 1, epoch: 1, previous: nil, deps: VersionVector())
let headerBytes = header.encoded()

// Raw keys for the baseline.
var rawSignPublic = [UInt8](repeating: 0, count: 32)
var rawSignSecret = [UInt8](repeating: 0, count: 64)
crypto_sign_ed25519_keypair(&rawSignPublic, &rawSignSecret)
var rawAEADKey = [UInt8](repeating: 0, count: 32)
randombytes_buf(&rawAEADKey, 32)

func rawSeal(_ plaintext: [UInt8]) -> (body: [UInt8], signature: [UInt8]) {
    var nonce = [UInt8](repeating: 0, count: 24)
    randombytes_buf(&nonce, 24)
    var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
    var length: UInt64 = 0
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        &ciphertext, &length, plaintext, UInt64(plaintext.count), headerBytes, UInt64(headerBytes.count), nil, nonce,
        rawAEADKey)
    let body = nonce + ciphertext
    let signed = headerBytes + body
    var signature = [UInt8](repeating: 0, count: 64)
    crypto_sign_ed25519_detached(&signature, nil, signed, UInt64(signed.count), rawSignSecret)
    return (body, signature)
}

func rawOpen(_ body: [UInt8], _ signature: [UInt8]) -> [UInt8] {
    let signed = headerBytes + body
    guard crypto_sign_ed25519_verify_detached(signature, signed, UInt64(signed.count), rawSignPublic) == 0 else {
        fatalError("bad")
    }
    var plaintext = [UInt8](repeating: 0, count: body.count - 40)
    var length: UInt64 = 0
    let ciphertext = Array(body.dropFirst(24))
    guard
        crypto_aead_xchacha20poly1305_ietf_decrypt(
            &plaintext, &length, nil, ciphertext, UInt64(ciphertext.count), headerBytes, UInt64(headerBytes.count),
            Array(body.prefix(24)), rawAEADKey) == 0
    else { fatalError("bad") }
    return plaintext
}

print("operation | PlaceSync µs (median of \(runs)) | raw libsodium µs | ratio")
print("---|---|---|---")
for size in [200, 4096] {
    let plaintext = [UInt8](repeating: 0x61, count: size)
    let sealPlace = try measure(iterations: 2_000) {
        _ = try Envelope.sealContent(header: header, plaintext: plaintext, key: contentKey, author: node)
    }
    let sealRaw = measure(iterations: 2_000) { _ = rawSeal(plaintext) }
    row("envelope seal \(size) B (pad + XChaCha20-Poly1305 + Ed25519 sign)", sealPlace, sealRaw)
    let envelope = try Envelope.sealContent(header: header, plaintext: plaintext, key: contentKey, author: node)
    let bytes = envelope.encoded
    let openPlace = try measure(iterations: 2_000) { _ = try Envelope(decoding: bytes).open(with: contentKey) }
    let raw = rawSeal(plaintext)
    let openRaw = measure(iterations: 2_000) { _ = rawOpen(raw.body, raw.signature) }
    row("envelope decode + open \(size) B (verify + decrypt + unpad)", openPlace, openRaw)
}

let message = [UInt8](repeating: 0x62, count: 200)
let signPlace = try measure(iterations: 3_000) { _ = try node.sign(message, context: .envelope) }
let signRaw = measure(iterations: 3_000) {
    var signature = [UInt8](repeating: 0, count: 64)
    crypto_sign_ed25519_detached(&signature, nil, message, 200, rawSignSecret)
}
row("sign 200 B", signPlace, signRaw)
let signature = try node.sign(message, context: .envelope)
let verifyPlace = try measure(iterations: 3_000) { try node.nodeID.verify(signature, for: message, context: .envelope) }
var rawSignature = [UInt8](repeating: 0, count: 64)
crypto_sign_ed25519_detached(&rawSignature, nil, message, 200, rawSignSecret)
let verifyRaw = measure(iterations: 3_000) {
    _ = crypto_sign_ed25519_verify_detached(rawSignature, message, 200, rawSignPublic)
}
row("verify 200 B", verifyPlace, verifyRaw)

let peer = try NodeKeyPair.generate()
let prologue = Array("placesync/1".utf8)
let handshake = try measure(iterations: 200) {
    var initiator = try NodeHandshake(role: .initiator, prologue: prologue, node: node)
    var responder = try NodeHandshake(role: .responder, prologue: prologue, node: peer)
    _ = try responder.readMessage(initiator.writeMessage())
    _ = try initiator.readMessage(responder.writeMessage())
    _ = try responder.readMessage(initiator.writeMessage())
    _ = try initiator.finish()
    _ = try responder.finish()
}
// Baseline: the five X25519 operations per side plus key generation that XX needs, done raw.
let handshakeRaw = measure(iterations: 200) {
    var secret = [UInt8](repeating: 0, count: 32)
    var publicKey = [UInt8](repeating: 0, count: 32)
    var shared = [UInt8](repeating: 0, count: 32)
    for _ in 0..<2 {
        randombytes_buf(&secret, 32)
        crypto_scalarmult_curve25519_base(&publicKey, secret)
        for _ in 0..<3 { _ = crypto_scalarmult_curve25519(&shared, secret, publicKey) }
    }
}
row("Noise XX handshake, both sides (vs. the raw X25519 work it contains)", handshake, handshakeRaw)

var initiator = try NodeHandshake(role: .initiator, prologue: prologue, node: node)
var responder = try NodeHandshake(role: .responder, prologue: prologue, node: peer)
_ = try responder.readMessage(initiator.writeMessage())
_ = try initiator.readMessage(responder.writeMessage())
_ = try responder.readMessage(initiator.writeMessage())
var transport = try initiator.finish()
let chunk = [UInt8](repeating: 0x63, count: 60 * 1024)
let transportPlace = try measure(iterations: 2_000) { _ = try transport.send.encrypt(chunk) }
var rawOutput = [UInt8](repeating: 0, count: chunk.count + 16)
var rawNonce = [UInt8](repeating: 0, count: 12)
var rawLength: UInt64 = 0
let transportRaw = measure(iterations: 2_000) {
    crypto_aead_chacha20poly1305_ietf_encrypt(
        &rawOutput, &rawLength, chunk, UInt64(chunk.count), nil, 0, nil, rawNonce, rawAEADKey)
    rawNonce[0] &+= 1
}
row("Noise transport encrypt 60 KiB", transportPlace, transportRaw)
let mib = Double(chunk.count) / 1_048_576
print(
    "\nNoise transport: \(String(format: "%.0f", mib / (transportPlace / 1e6))) MiB/s; raw ChaCha20-Poly1305: "
        + "\(String(format: "%.0f", mib / (transportRaw / 1e6))) MiB/s; PlaceSync/raw throughput = "
        + "\(String(format: "%.0f", transportRaw / transportPlace * 100)) %")
