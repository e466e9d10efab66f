#pragma once
// The native side of every port: D1 on real SQLite, R2 and KV as directories, fetch
// through libcurl, SHA-256, PBKDF2 and RS256 through OpenSSL. It performs the same operations the Worker
// shim performs, so the core runs unchanged in tests and command-line tools.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "bindings/ports.hpp"
#include "core/task.hpp"

struct sqlite3;

namespace helm::native {

using LogSink = std::function<void(std::string_view)>;
LogSink set_log_sink(LogSink sink);  // returns the previous one

class SqliteD1 {
public:
    static Result<std::unique_ptr<SqliteD1>> open(const std::string& path);  // ":memory:" for a scratch db
    ~SqliteD1();
    Result<D1Result> query(const Statement& statement);
    // Atomic, as D1's batch(): BEGIN ... COMMIT, or ROLLBACK on the first failure.
    Result<std::vector<D1Result>> batch(const std::vector<Statement>& statements);
    // Applies migrations/NNNN_*.sql in order and records them in d1_migrations, as
    // `wrangler d1 migrations apply` does.
    Status apply_migrations(const std::filesystem::path& dir);

private:
    explicit SqliteD1(sqlite3* db) : db_(db) {}
    Status exec(const std::string& sql);
    sqlite3* db_;
};

// R2 and KV natively: one file per key under a root directory (keys are escaped, so no
// key can reach outside it), with the content type beside it.
class DirectoryStore {
public:
    explicit DirectoryStore(std::filesystem::path root);
    Result<std::optional<StoredObject>> get(const std::string& key) const;
    Status put(const std::string& key, const Blob& body, const std::string& content_type);
    Status remove(const std::string& key);
    Result<ObjectListing> list(const std::string& prefix, const std::string& cursor, int limit) const;
    // A gzip stream into one object (zlib), as the Worker's CompressionStream writes it,
    // or a plain one: the object appears only when the stream is committed.
    Result<StreamHandle> open_stream(const std::string& key, const std::string& content_type, bool gzip);
    Status write(const std::string& stream, const Blob& chunk);
    // Appends a stored object to the stream a piece at a time; answers the bytes appended.
    Result<WrittenObject> copy_into(const std::string& stream, const std::string& key);
    Result<WrittenObject> close(const std::string& stream, bool commit);

private:
    struct Stream;
    std::filesystem::path path_for(const std::string& key) const;
    std::filesystem::path root_;
    std::map<std::string, std::shared_ptr<Stream>> streams_;
    int next_stream_ = 1;
};

Result<FetchResponse> http_fetch(const op::Fetch& request);
Blob sha256(const Blob& data);
Blob pbkdf2_sha256(const Blob& password, const Blob& salt, std::int64_t iterations);
// n and e base64url as in a JWK; false for a key that cannot be built as well as for a
// signature that does not match.
bool verify_rs256(std::string_view jwk_n, std::string_view jwk_e, const Blob& message, const Blob& signature);

struct Ports {
    std::unique_ptr<SqliteD1> db;
    DirectoryStore assets;
    DirectoryStore kv;

    Result<Reply> perform(Operation op);
};

// Finishes a task already started, performing each operation it awaits.
template <class T>
T drive_started(Task<T>& task, Channel& channel, Ports& ports) {
    while (!task.done()) {
        channel.complete(ports.perform(channel.take_pending()));
        channel.resume();
    }
    if constexpr (!std::is_void_v<T>) return task.take();
}

// Runs a task to completion, performing each operation it awaits on the native ports.
template <class T>
T drive(Task<T>& task, Channel& channel, Ports& ports) {
    task.start();
    return drive_started(task, channel, ports);
}

}  // namespace helm::native
