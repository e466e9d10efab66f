#pragma once
// Errors are values: an expected failure travels as Error inside Result<T> and becomes
// one HTTP status in exactly one place (http_status in core/http.cpp).
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace helm {

enum class Code {
    invalid_argument,     // 400
    unauthenticated,      // 401
    permission_denied,    // 403
    not_found,            // 404
    method_not_allowed,   // 405
    already_exists,       // 409
    conflict,             // 409
    payload_too_large,    // 413
    failed_precondition,  // 422
    too_many_attempts,    // 429: a PIN locked after too many wrong tries
    internal,             // 500
    unavailable,          // 503: a binding (D1, R2, ...) failed underneath us
};

struct Error {
    Code code = Code::internal;
    std::string message;
    std::string field;  // the input field at fault, when there is one
    // A finer code a client can act on (e.g. "idempotency_key_reused"), shown as the JSON
    // error's `code` in place of the class's name; its status is still the class's.
    std::string_view reason = {};
    // Why a database statement failed: a code from bindings/db_errors.hpp's table, which
    // callers compare (never the message) to say it in their own terms.
    std::string_view cause = {};
};

std::string_view code_name(Code code);

inline Error invalid(std::string field, std::string message) {
    return {Code::invalid_argument, std::move(message), std::move(field)};
}

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    explicit operator bool() const { return v_.index() == 0; }
    bool ok() const { return v_.index() == 0; }
    T& operator*() & { return std::get<0>(v_); }
    T&& operator*() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    const Error& error() const& { return std::get<1>(v_); }
    Error&& error() && { return std::get<1>(std::move(v_)); }

private:
    std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;

}  // namespace helm

#define HELM_CONCAT_INNER(a, b) a##b
#define HELM_CONCAT(a, b) HELM_CONCAT_INNER(a, b)

// `HELM_TRY(auto x, expr);` in a function returning Result<...> or Response:
// on error return it, else bind the value. HELM_CO_TRY is the same for coroutines.
#define HELM_TRY_IMPL(ret, lhs, expr, tmp)              \
    auto tmp = (expr);                                  \
    if (!tmp) ret std::move(tmp).error();               \
    lhs = std::move(*tmp)
#define HELM_TRY(lhs, expr) HELM_TRY_IMPL(return, lhs, expr, HELM_CONCAT(helm_try_, __LINE__))
#define HELM_CO_TRY(lhs, expr) HELM_TRY_IMPL(co_return, lhs, expr, HELM_CONCAT(helm_try_, __LINE__))
