package io.klanneal.io;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;

/**
 * This machine's file system with a device that fills up or turns read-only when a test says: its
 * paths wrap real ones, and writes fail with the errors Linux gives ({@code No space left on
 * device}, {@code Read-only file system}). Once full, deleting or replacing a file gives its size
 * back, so a reserve freed makes room as on a real device.
 */
public final class FaultyFileSystem extends FileSystem {

    private static final long UNLIMITED = Long.MAX_VALUE;

    private final FileSystem real = FileSystems.getDefault();
    private final Provider provider = new Provider();
    private final AtomicLong room = new AtomicLong(UNLIMITED);
    private final AtomicLong written = new AtomicLong();
    private volatile long fullAfter = UNLIMITED;
    private volatile long readOnlyAfter = UNLIMITED;

    /** Returns the path of this file system at a real path. */
    public Path wrap(Path path) {
        return new FaultyPath(path);
    }

    /**
     * Fills the device once this many bytes have been written in all, as another process filling
     * it would: from then on only the room that deletions give back can be written.
     */
    public void setFullAfter(long bytes) {
        fullAfter = bytes;
    }

    /** Makes the device read-only once this many bytes have been written in all. */
    public void setReadOnlyAfter(long bytes) {
        readOnlyAfter = bytes;
    }

    /** Takes the faults away: unlimited room, writable. */
    public void repair() {
        fullAfter = UNLIMITED;
        room.set(UNLIMITED);
        readOnlyAfter = UNLIMITED;
    }

    /** Returns the bytes written through this file system so far. */
    public long written() {
        return written.get();
    }

    private boolean readOnlyNow() {
        return written.get() >= readOnlyAfter;
    }

    private void checkWritable(Path path) throws FileSystemException {
        if (readOnlyNow()) {
            throw new FileSystemException(path.toString(), null, "Read-only file system");
        }
    }

    private void charge(long bytes) throws IOException {
        if (readOnlyNow()) {
            throw new IOException("Read-only file system");
        }
        if (written.get() + bytes > fullAfter) {
            room.compareAndSet(UNLIMITED, Math.max(0, fullAfter - written.get()));
        }
        while (true) {
            long left = room.get();
            if (left == UNLIMITED) {
                break;
            }
            if (left < bytes) {
                throw new IOException("No space left on device");
            }
            if (room.compareAndSet(left, left - bytes)) {
                break;
            }
        }
        written.addAndGet(bytes);
    }

    private void giveBack(Path realFile) throws IOException {
        if (Files.isRegularFile(realFile, LinkOption.NOFOLLOW_LINKS)) {
            long size = Files.size(realFile);
            room.getAndUpdate(left -> left == UNLIMITED ? left : left + size);
        }
    }

    private static Path unwrap(Path path) {
        if (path instanceof FaultyPath faulty) {
            return faulty.real;
        }
        throw new ProviderMismatchException("not a path of the faulty file system: " + path);
    }

    private static boolean writes(Set<? extends OpenOption> options) {
        return options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        // Nothing is held: the real file system stays open.
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return readOnlyNow();
    }

    @Override
    public String getSeparator() {
        return real.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return () -> StreamSupport.stream(real.getRootDirectories().spliterator(), false).map(this::wrap).iterator();
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return () -> StreamSupport.stream(real.getFileStores().spliterator(), false)
                .<FileStore>map(Store::new).iterator();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return real.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(real.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher matcher = real.getPathMatcher(syntaxAndPattern);
        return path -> matcher.matches(unwrap(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return real.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("the faulty file system does not watch");
    }

    private final class FaultyPath implements Path {
        private final Path real;

        FaultyPath(Path real) {
            this.real = real;
        }

        private Path wrapOrNull(Path path) {
            return path == null ? null : new FaultyPath(path);
        }

        @Override
        public FileSystem getFileSystem() {
            return FaultyFileSystem.this;
        }

        @Override
        public boolean isAbsolute() {
            return real.isAbsolute();
        }

        @Override
        public Path getRoot() {
            return wrapOrNull(real.getRoot());
        }

        @Override
        public Path getFileName() {
            return wrapOrNull(real.getFileName());
        }

        @Override
        public Path getParent() {
            return wrapOrNull(real.getParent());
        }

        @Override
        public int getNameCount() {
            return real.getNameCount();
        }

        @Override
        public Path getName(int index) {
            return new FaultyPath(real.getName(index));
        }

        @Override
        public Path subpath(int beginIndex, int endIndex) {
            return new FaultyPath(real.subpath(beginIndex, endIndex));
        }

        @Override
        public boolean startsWith(Path other) {
            return other instanceof FaultyPath && real.startsWith(unwrap(other));
        }

        @Override
        public boolean endsWith(Path other) {
            return other instanceof FaultyPath && real.endsWith(unwrap(other));
        }

        @Override
        public Path normalize() {
            return new FaultyPath(real.normalize());
        }

        @Override
        public Path resolve(Path other) {
            return new FaultyPath(real.resolve(unwrap(other)));
        }

        @Override
        public Path relativize(Path other) {
            return new FaultyPath(real.relativize(unwrap(other)));
        }

        @Override
        public URI toUri() {
            return real.toUri();
        }

        @Override
        public Path toAbsolutePath() {
            return new FaultyPath(real.toAbsolutePath());
        }

        @Override
        public Path toRealPath(LinkOption... options) throws IOException {
            return new FaultyPath(real.toRealPath(options));
        }

        @Override
        public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
            throw new UnsupportedOperationException("the faulty file system does not watch");
        }

        @Override
        public int compareTo(Path other) {
            return real.compareTo(unwrap(other));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FaultyPath path && path.getFileSystem() == getFileSystem() && real.equals(path.real);
        }

        @Override
        public int hashCode() {
            return real.hashCode();
        }

        @Override
        public String toString() {
            return real.toString();
        }
    }

    /** A channel that charges what it writes to the device's room. */
    private final class Counted implements SeekableByteChannel {
        private final SeekableByteChannel channel;

        Counted(SeekableByteChannel channel) {
            this.channel = channel;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            charge(src.remaining());
            return channel.write(src);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private final class Store extends FileStore {
        private final FileStore store;

        Store(FileStore store) {
            this.store = store;
        }

        @Override
        public String name() {
            return store.name();
        }

        @Override
        public String type() {
            return store.type();
        }

        @Override
        public boolean isReadOnly() {
            return readOnlyNow();
        }

        @Override
        public long getTotalSpace() throws IOException {
            return store.getTotalSpace();
        }

        @Override
        public long getUsableSpace() throws IOException {
            return Math.min(room.get(), store.getUsableSpace());
        }

        @Override
        public long getUnallocatedSpace() throws IOException {
            return Math.min(room.get(), store.getUnallocatedSpace());
        }

        @Override
        public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
            return store.supportsFileAttributeView(type);
        }

        @Override
        public boolean supportsFileAttributeView(String name) {
            return store.supportsFileAttributeView(name);
        }

        @Override
        public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
            return store.getFileStoreAttributeView(type);
        }

        @Override
        public Object getAttribute(String attribute) throws IOException {
            return store.getAttribute(attribute);
        }
    }

    private final class Provider extends FileSystemProvider {

        @Override
        public String getScheme() {
            return "faulty";
        }

        @Override
        public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
            throw new UnsupportedOperationException("make one with new FaultyFileSystem()");
        }

        @Override
        public FileSystem getFileSystem(URI uri) {
            throw new UnsupportedOperationException("make one with new FaultyFileSystem()");
        }

        @Override
        public Path getPath(URI uri) {
            throw new UnsupportedOperationException("make one with new FaultyFileSystem()");
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            if (!writes(options)) {
                return Files.newByteChannel(unwrap(path), options, attrs);
            }
            checkWritable(path);
            if (options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
                giveBack(unwrap(path));
            }
            return new Counted(Files.newByteChannel(unwrap(path), options, attrs));
        }

        // Lock files only: their few bytes are not counted.
        @Override
        public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            if (writes(options)) {
                checkWritable(path);
            }
            return FileChannel.open(unwrap(path), options, attrs);
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
                throws IOException {
            DirectoryStream<Path> entries = Files.newDirectoryStream(unwrap(dir), p -> filter.accept(wrap(p)));
            return new DirectoryStream<>() {
                @Override
                public Iterator<Path> iterator() {
                    Iterator<Path> it = entries.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Path next() {
                            return wrap(it.next());
                        }
                    };
                }

                @Override
                public void close() throws IOException {
                    entries.close();
                }
            };
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
            checkWritable(dir);
            Files.createDirectory(unwrap(dir), attrs);
        }

        @Override
        public void delete(Path path) throws IOException {
            checkWritable(path);
            giveBack(unwrap(path));
            Files.delete(unwrap(path));
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            checkWritable(target);
            if (List.of(options).contains(StandardCopyOption.REPLACE_EXISTING)) {
                giveBack(unwrap(target));
            }
            if (Files.isRegularFile(unwrap(source))) {
                charge(Files.size(unwrap(source)));
            }
            Files.copy(unwrap(source), unwrap(target), options);
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            checkWritable(target);
            if (List.of(options).contains(StandardCopyOption.REPLACE_EXISTING)) {
                giveBack(unwrap(target));
            }
            Files.move(unwrap(source), unwrap(target), options);
        }

        @Override
        public boolean isSameFile(Path path, Path other) throws IOException {
            return Files.isSameFile(unwrap(path), unwrap(other));
        }

        @Override
        public boolean isHidden(Path path) throws IOException {
            return Files.isHidden(unwrap(path));
        }

        @Override
        public FileStore getFileStore(Path path) throws IOException {
            return new Store(Files.getFileStore(unwrap(path)));
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) throws IOException {
            if (List.of(modes).contains(AccessMode.WRITE)) {
                checkWritable(path);
            }
            Path realPath = unwrap(path);
            realPath.getFileSystem().provider().checkAccess(realPath, modes);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
            return Files.getFileAttributeView(unwrap(path), type, options);
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
                throws IOException {
            return Files.readAttributes(unwrap(path), type, options);
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
                throws IOException {
            return Files.readAttributes(unwrap(path), attributes, options);
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
            checkWritable(path);
            Files.setAttribute(unwrap(path), attribute, value, options);
        }
    }
}
