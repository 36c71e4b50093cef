package dev.agentbuilder.chat.sqlite.internal;

import dev.agentbuilder.chat.core.ChatException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code chat.db.lock}, held while the store is open, so that two servers never write one
 * database: each would number seqs on its own. The operating system releases it when the process dies, even on
 * kill -9.
 */
final class DataDirLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock acquire(Path lockFile) {
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ChatException("the data directory " + lockFile.getParent() + " is not writable: cannot create "
                    + lockFile + ": " + describe(e), e, false);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new OverlappingFileLockException();
            }
            return new DataDirLock(channel, lock);
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new ChatException("the data directory is in use by another process (" + lockFile
                    + " is locked); stop it or use another --data-dir", e, false);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it anyway.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to do.
        }
    }

    static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
