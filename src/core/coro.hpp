#pragma once
// One name for the coroutine library on both toolchains: g++ 12 ships <coroutine>,
// Debian's emscripten 3.1.6 (clang 14, libc++ 13) only <experimental/coroutine>.
#if __has_include(<coroutine>)
#include <coroutine>
namespace helm::coro {
using std::coroutine_handle;
using std::noop_coroutine;
using std::suspend_always;
using std::suspend_never;
}  // namespace helm::coro
#else
#include <experimental/coroutine>
namespace helm::coro {
using std::experimental::coroutine_handle;
using std::experimental::noop_coroutine;
using std::experimental::suspend_always;
using std::experimental::suspend_never;
}  // namespace helm::coro
#endif
