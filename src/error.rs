//! The one error type of the API: every failure knows its AWS code, HTTP status and fault side.

pub use crate::protocol::generated::errors::ModeledError;

/// An AWS error code: one from the service models, or one of AWS's common errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// An error shape from the IAM or STS model.
    Modeled(ModeledError),
    /// Input failed a model constraint.
    ValidationError,
    /// The Action parameter names no operation of the service.
    InvalidAction,
    /// No Action parameter.
    MissingAction,
    /// A parameter the model does not know.
    UnknownParameter,
    /// The query string or form body cannot be read.
    MalformedQueryString,
    /// An input value is out of its domain where no modeled error applies.
    InvalidParameterValue,
    /// The body is over the configured limit.
    RequestEntityTooLarge,
    /// The caller is not allowed to perform the action.
    AccessDenied,
    /// The access key is not known (only with `--strict`).
    InvalidClientTokenId,
    /// The request's session credentials have expired.
    ExpiredToken,
    /// The operation exists in the model but localiam does not implement it yet.
    NotImplemented,
    /// An unexpected failure inside localiam.
    InternalFailure,
    // SigV4
    /// The request carries neither an `Authorization` header nor a presigned query.
    MissingAuthenticationToken,
    /// The SigV4 signature lacks a component or one is malformed.
    IncompleteSignature,
    /// The SigV4 signature does not verify, or is outside its time window.
    SignatureDoesNotMatch,
}

impl ErrorCode {
    /// The code on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Self::Modeled(m) => m.code(),
            Self::ValidationError => "ValidationError",
            Self::InvalidAction => "InvalidAction",
            Self::MissingAction => "MissingAction",
            Self::UnknownParameter => "UnknownParameter",
            Self::MalformedQueryString => "MalformedQueryString",
            Self::InvalidParameterValue => "InvalidParameterValue",
            Self::RequestEntityTooLarge => "RequestEntityTooLarge",
            Self::AccessDenied => "AccessDenied",
            Self::InvalidClientTokenId => "InvalidClientTokenId",
            Self::ExpiredToken => "ExpiredToken",
            Self::NotImplemented => "NotImplemented",
            Self::InternalFailure => "InternalFailure",
            // SigV4
            Self::MissingAuthenticationToken => "MissingAuthenticationToken",
            Self::IncompleteSignature => "IncompleteSignature",
            Self::SignatureDoesNotMatch => "SignatureDoesNotMatch",
        }
    }

    /// The HTTP status AWS answers with.
    pub fn status(self) -> u16 {
        match self {
            Self::Modeled(m) => m.status(),
            Self::AccessDenied
            | Self::InvalidClientTokenId
            | Self::ExpiredToken
            // SigV4
            | Self::MissingAuthenticationToken
            | Self::SignatureDoesNotMatch => 403,
            Self::RequestEntityTooLarge => 413,
            Self::NotImplemented => 501,
            Self::InternalFailure => 500,
            Self::ValidationError
            | Self::InvalidAction
            | Self::MissingAction
            | Self::UnknownParameter
            | Self::MalformedQueryString
            | Self::InvalidParameterValue
            // SigV4
            | Self::IncompleteSignature => 400,
        }
    }

    /// `Sender` when the client is at fault, `Receiver` when the service is.
    pub fn sender_fault(self) -> bool {
        match self {
            Self::Modeled(m) => m.sender_fault(),
            Self::NotImplemented | Self::InternalFailure => false,
            _ => true,
        }
    }
}

/// An error answered to the client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", code.code())]
pub struct ApiError {
    /// What went wrong, in AWS's terms.
    pub code: ErrorCode,
    /// AWS's message text.
    pub message: String,
}

impl ApiError {
    /// An error with a code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }

    /// `ValidationError`.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ValidationError, message)
    }

    /// A modeled error.
    pub fn modeled(error: ModeledError, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Modeled(error), message)
    }

    /// `NoSuchEntity`.
    pub fn no_such_entity(message: impl Into<String>) -> Self {
        Self::modeled(ModeledError::NoSuchEntity, message)
    }

    /// `EntityAlreadyExists`.
    pub fn already_exists(message: impl Into<String>) -> Self {
        Self::modeled(ModeledError::EntityAlreadyExists, message)
    }

    /// `InvalidInput`.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::modeled(ModeledError::InvalidInput, message)
    }

    /// `LimitExceeded`.
    pub fn limit_exceeded(message: impl Into<String>) -> Self {
        Self::modeled(ModeledError::LimitExceeded, message)
    }

    /// `DeleteConflict`.
    pub fn delete_conflict(message: impl Into<String>) -> Self {
        Self::modeled(ModeledError::DeleteConflict, message)
    }

    /// `MalformedPolicyDocument`.
    pub fn malformed_policy(message: impl Into<String>) -> Self {
        Self::modeled(ModeledError::MalformedPolicyDocument, message)
    }
}
