#pragma once
// Task<T>: a lazy coroutine that runs when awaited (or started by a driver) and hands
// its value back to whoever awaited it. Each request is one Task<Response>; when it
// awaits a port operation the whole chain suspends and the driver (the Wasm shim or the
// native port) performs the operation and resumes it.
//
// No symmetric transfer: clang needs Wasm tail calls for it, which emscripten 3.1.6
// cannot emit. Instead the awaiting coroutine starts the child itself; if the child
// finishes without suspending, the parent simply carries on (await_suspend answers
// false), otherwise the child resumes the parent when it finishes. The stack then grows
// by one frame per nesting level between two operations, never more.
#include <cstdlib>
#include <optional>
#include <utility>

#include "core/coro.hpp"

namespace helm {

template <class T>
class Task;

namespace detail {

struct PromiseBase {
    coro::coroutine_handle<> continuation;
    bool starting = false;  // true while the awaiting coroutine is running us inline

    coro::suspend_always initial_suspend() noexcept { return {}; }
    struct FinalAwaiter {
        bool await_ready() noexcept { return false; }
        // Out of line on purpose: inlined, clang turns this resume() into a Wasm tail call.
        template <class P>
        [[gnu::noinline]] void await_suspend(coro::coroutine_handle<P> done) noexcept {
            auto& promise = done.promise();
            if (!promise.starting && promise.continuation) promise.continuation.resume();
        }
        void await_resume() noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }
    // The core is built without exceptions; nothing can reach here.
    void unhandled_exception() noexcept { std::abort(); }
};

// Starts `child` on behalf of `parent`; answers whether the parent must stay suspended.
template <class Promise>
bool start_child(coro::coroutine_handle<Promise> child, coro::coroutine_handle<> parent) {
    auto& promise = child.promise();
    promise.continuation = parent;
    promise.starting = true;
    child.resume();
    promise.starting = false;
    return !child.done();
}

}  // namespace detail

template <class T>
class [[nodiscard]] Task {
public:
    struct promise_type : detail::PromiseBase {
        std::optional<T> value;
        Task get_return_object() { return Task(Handle::from_promise(*this)); }
        template <class U>
        void return_value(U&& v) { value.emplace(std::forward<U>(v)); }
    };
    using Handle = coro::coroutine_handle<promise_type>;

    Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
    Task& operator=(Task&& other) noexcept {
        if (this != &other) {
            if (handle_) handle_.destroy();
            handle_ = std::exchange(other.handle_, {});
        }
        return *this;
    }
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;
    ~Task() {
        if (handle_) handle_.destroy();
    }

    bool await_ready() const noexcept { return false; }
    bool await_suspend(coro::coroutine_handle<> awaiting) { return detail::start_child(handle_, awaiting); }
    T await_resume() { return std::move(*handle_.promise().value); }

    // For drivers: start the task, ask whether it finished, take its value.
    void start() { handle_.resume(); }
    bool done() const { return handle_.done(); }
    T take() { return std::move(*handle_.promise().value); }

private:
    explicit Task(Handle h) : handle_(h) {}
    Handle handle_;
};

template <>
class [[nodiscard]] Task<void> {
public:
    struct promise_type : detail::PromiseBase {
        Task get_return_object() { return Task(Handle::from_promise(*this)); }
        void return_void() {}
    };
    using Handle = coro::coroutine_handle<promise_type>;

    Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
    Task(const Task&) = delete;
    ~Task() {
        if (handle_) handle_.destroy();
    }

    bool await_ready() const noexcept { return false; }
    bool await_suspend(coro::coroutine_handle<> awaiting) { return detail::start_child(handle_, awaiting); }
    void await_resume() {}

    void start() { handle_.resume(); }
    bool done() const { return handle_.done(); }

private:
    explicit Task(Handle h) : handle_(h) {}
    Handle handle_;
};

}  // namespace helm
