package io.almengine.engine;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds RocksDB's off-heap memory for the whole process. By default every store instance (six
 * stores per partition) gets its own block cache and up to three 16 MiB memtables, so memory grows
 * with the partition count, not with the data. Here all of them share one LRU cache, and their
 * memtables are charged to it through one write-buffer manager. Kafka Streams creates this class
 * by name, hence the static sharing.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Streams property carrying the total (bytes); read on the first store opened in the process. */
    public static final String TOTAL_BYTES_CONFIG = "alm.rocksdb.total.bytes";
    /** Share of the total that memtables may hold before RocksDB flushes them. */
    private static final double WRITE_BUFFER_SHARE = 0.5;
    private static final long DEFAULT_TOTAL = 256L * 1024 * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        shared(configs);
        var table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        // Index and filter blocks count against the cache too, instead of growing unbounded per store.
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setTableFormatConfig(table);
    }

    private static synchronized void shared(Map<String, Object> configs) {
        if (cache != null) {
            return;
        }
        Object configured = configs.get(TOTAL_BYTES_CONFIG);
        long total = configured == null ? DEFAULT_TOTAL : Long.parseLong(configured.toString());
        cache = new LRUCache(total, -1, false, 0.1);
        writeBuffers = new WriteBufferManager((long) (total * WRITE_BUFFER_SHARE), cache);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager outlive any one store: they are shared by the process.
    }
}
