// The baseline the HTTP report compares the daemon's API against: a plain Hummingbird 2 app with one
// "hello" route and no middleware, on 127.0.0.1:<port> (argument; default 0, any free port). It prints
// `hello on <port>` once listening.
import Foundation
import Hummingbird

let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 0 : 0
let router = Router()
router.get("/hello") { _, _ in "hello" }
let app = Application(
    router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
    onServerRunning: { channel in
        FileHandle.standardOutput.write(Data("hello on \(channel.localAddress?.port ?? 0)\n".utf8))
    })
try await app.runService()
