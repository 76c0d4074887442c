internal import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import NIOCore
internal import PlaceQI
internal import PlaceSync

/// An error as RFC 9457 `application/problem+json`: the status, a short title, what went wrong in
/// plain words, and — for a bad field — which field and what it allows.
struct Problem: Error, Sendable, Encodable {
    var type = "about:blank"
    var title: String
    var status: Int
    var detail: String
    /// The field at fault, as the request named it.
    var field: String?
    /// The values allowed in `field`, when they are a fixed list.
    var allowed: [String]?

    init(_ status: HTTPResponse.Status, _ detail: String, field: String? = nil, allowed: [String]? = nil) {
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.field = field
        self.allowed = allowed.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The response carrying it.
    var response: Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data(#"{"title":"Error"}"#.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        headers[.cacheControl] = "no-store"
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The problem for any error a handler threw: the frontend's own, the QI layer's, the node's,
    /// Hummingbird's; anything else is a 500 that says nothing of its insides.
    static func from(_ error: any Error) -> Problem {
        switch error {
        case let problem as Problem: return problem
        case let error as QIError:
            switch error.code {
            case .notFound: return Problem(.notFound, error.message, field: error.field)
            case .newerSchema:
                return Problem(.conflict, error.message + " — upgrade PlaceSync to edit it", field: error.field)
            case .wrongKind: return Problem(.notFound, error.message, field: error.field)
            case .invalidValue, .patientIdentifiableData:
                return Problem(.unprocessableContent, error.message, field: error.field, allowed: error.allowed)
            }
        case let error as SyncError:
            switch error.code {
            case .notFound, .unknownSpace: return Problem(.notFound, error.message)
            case .notPermitted, .authorFrozen, .noKey: return Problem(.forbidden, error.message)
            case .alreadyExists: return Problem(.conflict, error.message)
            case .invalidInput, .inviteInvalid, .inviteExpired, .inviteUsed, .inviteWrongRecipient:
                return Problem(.unprocessableContent, error.message)
            case .storage where error.message.contains("the disk is full"):
                // 507: the request was fine; the node's disk is not. Nothing was written.
                return Problem(HTTPResponse.Status(code: 507), error.message)
            default: return Problem(.internalServerError, "the replica could not do that: \(error.code)")
            }
        case let error as HTTPError:
            return Problem(error.status, error.body ?? error.status.reasonPhrase)
        default:
            return Problem(.internalServerError, "something went wrong inside the node; the log says more")
        }
    }
}
