#include <algorithm>
#include <fstream>
#include <iterator>
#include <tuple>

#include <zlib.h>

#include "bindings/native/native.hpp"
#include "core/http.hpp"

namespace helm::native {
namespace {

// Keys become single file names: every byte outside [A-Za-z0-9_-] is %XX, so "/" and
// ".." cannot climb out of the root and no key's file ends in ".type" or ".tmp".
std::string escape_key(const std::string& key) { return percent_encode(key, "-_"); }
std::string unescape_key(const std::string& name) { return percent_decode(name, false); }

Result<std::string> read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return Error{Code::unavailable, "cannot read " + p.string(), ""};
    return std::string(std::istreambuf_iterator<char>(in), {});
}

Status write_file(const std::filesystem::path& p, const void* data, std::size_t size) {
    auto tmp = p;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(static_cast<const char*>(data), std::streamsize(size));
        if (!out) return Error{Code::unavailable, "cannot write " + p.string(), ""};
    }
    std::error_code ec;
    std::filesystem::rename(tmp, p, ec);  // whole objects only, as R2 promises
    if (ec) return Error{Code::unavailable, "cannot write " + p.string(), ""};
    return Ok{};
}

}  // namespace

DirectoryStore::DirectoryStore(std::filesystem::path root) : root_(std::move(root)) {
    std::filesystem::create_directories(root_);
}

std::filesystem::path DirectoryStore::path_for(const std::string& key) const { return root_ / escape_key(key); }

Result<std::optional<StoredObject>> DirectoryStore::get(const std::string& key) const {
    const auto p = path_for(key);
    if (!std::filesystem::exists(p)) return std::optional<StoredObject>();
    HELM_TRY(auto body, read_file(p));
    auto type = read_file(p.string() + ".type");
    StoredObject obj{key, Blob(body.begin(), body.end()), type ? *type : "application/octet-stream",
                     std::int64_t(body.size()), ""};
    return std::optional<StoredObject>(std::move(obj));
}

Status DirectoryStore::put(const std::string& key, const Blob& body, const std::string& content_type) {
    if (key.empty()) return invalid("key", "an object key must not be empty");
    const auto p = path_for(key);
    HELM_TRY(std::ignore, write_file(p.string() + ".type", content_type.data(), content_type.size()));
    return write_file(p, body.data(), body.size());
}

Status DirectoryStore::remove(const std::string& key) {
    const auto p = path_for(key);
    std::error_code ec;
    std::filesystem::remove(p, ec);
    std::filesystem::remove(p.string() + ".type", ec);
    return Ok{};
}

Result<ObjectListing> DirectoryStore::list(const std::string& prefix, const std::string& cursor, int limit) const {
    std::vector<std::string> keys;
    for (const auto& entry : std::filesystem::directory_iterator(root_)) {
        const auto name = entry.path().filename().string();
        if (name.ends_with(".type") || name.ends_with(".tmp")) continue;
        auto key = unescape_key(name);
        if (key.rfind(prefix, 0) == 0 && (cursor.empty() || key > cursor)) keys.push_back(std::move(key));
    }
    std::sort(keys.begin(), keys.end());
    ObjectListing out;
    for (const auto& key : keys) {
        if (int(out.objects.size()) == limit) {
            out.truncated = true;
            out.cursor = out.objects.back().key;
            break;
        }
        out.objects.push_back({key, {}, {}, std::int64_t(std::filesystem::file_size(path_for(key))), ""});
    }
    return out;
}

struct DirectoryStore::Stream {
    std::string key, content_type;
    bool gzip = true;
    std::filesystem::path tmp;
    std::ofstream out;
    z_stream z{};
    std::int64_t size = 0;

    ~Stream() {
        if (gzip) deflateEnd(&z);
    }
    // Deflates `input` (all of it) and appends what comes out; Z_FINISH ends the member.
    // A plain stream appends the input as it is.
    bool pump(const unsigned char* data, std::size_t length, int flush) {
        if (!gzip) {
            out.write(reinterpret_cast<const char*>(data), std::streamsize(length));
            size += std::int64_t(length);
            return bool(out);
        }
        z.next_in = const_cast<Bytef*>(data);
        z.avail_in = uInt(length);
        unsigned char buffer[1 << 16];
        int rc = Z_OK;
        do {
            z.next_out = buffer;
            z.avail_out = sizeof buffer;
            rc = deflate(&z, flush);
            if (rc == Z_STREAM_ERROR) return false;
            const auto produced = sizeof buffer - z.avail_out;
            out.write(reinterpret_cast<const char*>(buffer), std::streamsize(produced));
            size += std::int64_t(produced);
        } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
        return bool(out);
    }
};

Result<StreamHandle> DirectoryStore::open_stream(const std::string& key, const std::string& content_type, bool gzip) {
    if (key.empty()) return invalid("key", "an object key must not be empty");
    auto stream = std::make_shared<Stream>();
    stream->key = key;
    stream->content_type = content_type;
    stream->gzip = gzip;
    const std::string id = "s" + std::to_string(next_stream_++);
    stream->tmp = path_for(key).string() + "." + id + ".tmp";
    stream->out.open(stream->tmp, std::ios::binary | std::ios::trunc);
    if (!stream->out) return Error{Code::unavailable, "cannot start " + key, ""};
    // 15 window bits + 16: a gzip header and trailer, as CompressionStream("gzip") writes.
    if (gzip && deflateInit2(&stream->z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        stream->gzip = false;  // nothing to end
        return Error{Code::unavailable, "cannot start " + key, ""};
    }
    streams_.emplace(id, std::move(stream));
    return StreamHandle{id};
}

Status DirectoryStore::write(const std::string& stream, const Blob& chunk) {
    auto found = streams_.find(stream);
    if (found == streams_.end()) return Error{Code::internal, "no open stream " + stream, ""};
    if (!found->second->pump(chunk.data(), chunk.size(), Z_NO_FLUSH)) return Error{Code::unavailable, "cannot write " + found->second->key, ""};
    return Ok{};
}

Result<WrittenObject> DirectoryStore::copy_into(const std::string& stream, const std::string& key) {
    auto found = streams_.find(stream);
    if (found == streams_.end()) return Error{Code::internal, "no open stream " + stream, ""};
    std::ifstream in(path_for(key), std::ios::binary);
    if (!in) return Error{Code::not_found, "no object " + key, ""};
    std::vector<unsigned char> piece(1 << 16);
    std::int64_t copied = 0;
    while (in) {
        in.read(reinterpret_cast<char*>(piece.data()), std::streamsize(piece.size()));
        const auto got = std::size_t(in.gcount());
        if (got == 0) break;
        if (!found->second->pump(piece.data(), got, Z_NO_FLUSH)) return Error{Code::unavailable, "cannot write " + found->second->key, ""};
        copied += std::int64_t(got);
    }
    return WrittenObject{copied};
}

Result<WrittenObject> DirectoryStore::close(const std::string& stream, bool commit) {
    auto found = streams_.find(stream);
    if (found == streams_.end()) return Error{Code::internal, "no open stream " + stream, ""};
    auto s = found->second;
    streams_.erase(found);
    std::error_code ec;
    if (!commit) {
        s->out.close();
        std::filesystem::remove(s->tmp, ec);
        return WrittenObject{};
    }
    const bool finished = s->pump(nullptr, 0, Z_FINISH);
    s->out.close();
    const auto p = path_for(s->key);
    if (!finished || !write_file(p.string() + ".type", s->content_type.data(), s->content_type.size())) {
        std::filesystem::remove(s->tmp, ec);
        return Error{Code::unavailable, "cannot write " + s->key, ""};
    }
    std::filesystem::rename(s->tmp, p, ec);  // whole objects only, as R2 promises
    if (ec) return Error{Code::unavailable, "cannot write " + s->key, ""};
    return WrittenObject{s->size, 1};  // one file, as one put: no parts here
}

}  // namespace helm::native
