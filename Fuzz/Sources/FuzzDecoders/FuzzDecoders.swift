// One libFuzzer entry point for the PlaceCRDT, PlaceWire and PlaceCrypto decoders. The first input byte
// picks the decoder (0 change, 1 snapshot, 2 saved log, 3 envelope, 4 key wrap, 5 membership body,
// 6 invite, 7 invite redemption, 8 sync message, 9 a stream of frames carrying fragments, 10 checkpoint
// content, 11 checkpoint); the
// rest is the encoding. Whatever decodes must re-encode and decode to the same value, and its
// invariants must hold. Any crash, hang or huge allocation is a bug: commit the input under
// Tests/Fixtures/fuzz-crashers/ and replay it in a unit test.
import PlaceCRDT
import PlaceCrypto
import PlaceWire

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoders(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = bytes.first else { return 0 }
    let input = Array(bytes.dropFirst())
    switch selector % 12 {
    case 0:
        if let change = try? Change(encoded: input) {
            precondition((try? Change(encoded: change.encoded())) == change, "change does not round-trip")
            var log = ChangeLog()
            _ = try? log.receive(change)
        }
    case 1:
        if let document = try? Document(snapshot: input) {
            document._checkInvariants()
            precondition((try? Document(snapshot: document.snapshot())) == document, "snapshot does not round-trip")
            _ = document.json.jsonText
        }
    case 2:
        if let log = try? ChangeLog(encoded: input) {
            _ = log.encoded()
        }
    case 3:
        if let envelope = try? Envelope(decoding: input) {
            precondition((try? Envelope(decoding: envelope.encoded)) == envelope, "envelope does not round-trip")
            try? envelope.verify()
        }
    case 4:
        if let wrap = try? KeyWrap(encoded: input) {
            precondition(wrap.encoded == input, "key wrap does not round-trip")
        }
    case 5:
        if let operation = try? MembershipOperation(decoding: input) {
            precondition(operation.encoded() == input, "membership body does not round-trip")
        }
    case 6:
        if let invite = try? Invite(decoding: input) {
            precondition(invite.encoded == input, "invite does not round-trip")
            precondition((try? Invite(text: invite.text)) == invite, "invite text does not round-trip")
        }
    case 8:
        if let message = try? SyncMessage(decoding: input) {
            precondition(message.encoded() == input, "sync message does not round-trip")
        }
    case 10:
        if let content = try? CheckpointContent(decoding: input) {
            precondition(content.encoded() == input, "checkpoint content does not round-trip")
        }
    case 11:
        // Signed and hashed: what decodes is what was signed, byte for byte.
        if let checkpoint = try? Checkpoint(decoding: input) {
            precondition(checkpoint.bytes == input, "checkpoint does not keep its bytes")
        }
    case 9:
        var frames = FrameDecoder()
        var joiner = MessageReassembler()
        frames.append(input)
        while let frame = try? frames.nextFrame() {
            if let message = try? joiner.append(frame) { _ = try? SyncMessage(decoding: message) }
        }
    default:
        if let redemption = try? InviteRedemption(decoding: input) {
            precondition(redemption.encoded == input, "invite redemption does not round-trip")
        }
    }
    return 0
}

// SwiftPM links executables with `main` aliased to `<Module>_main`, which would hide libFuzzer's own
// `main`; so provide that symbol and hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzDecoders_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzDecoders(data, size) }
}
