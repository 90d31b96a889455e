// BiCatalog — reads govindex's BI views as a BI tool does, over JDBC with the PostgreSQL
// driver Debian ships (libpostgresql-jdbc-java), and says what it saw as TAP lines.
//
//   java -cp /usr/share/java/postgresql.jar test/client/BiCatalog.java [JDBC-URL]
//
// Without a URL it connects as libpq would from PGHOST, PGPORT, PGDATABASE, PGUSER and
// PGPASSWORD.  The driver speaks TCP only (a Unix socket would need junixsocket), so a
// PGHOST that is a socket directory means localhost, where the test clusters listen too.
//
// Like Superset, Metabase or DBeaver it lists the tables of the catalogue with
// DatabaseMetaData.getTables and their columns with getColumns, then runs SELECT * of
// each.  Checks, one TAP line each:
//   - the schema govindex_bi lists at least one view;
//   - no monthly partition (dossiers_YYYY_MM) is listed among the tables of the schemas
//     govindex and govindex_bi;
//   - per view: every column is of a plain type (text, numeric, int, bigint, date,
//     timestamptz, bool as the driver reports them, never OTHER, ARRAY, STRUCT or
//     DISTINCT), the view and every column have a comment (REMARKS), SELECT * works.
// And what it read, for a shell test to compare two roles' views of the same data:
//   # schemas NAME,NAME,...       the schemas getSchemas lists
//   # columns VIEW NAME,NAME,...  the columns SELECT * returned, in order
//   # rows VIEW N                 the number of rows SELECT * returned
//   # units VIEW CODE,CODE,...    the unit codes in its unit columns, sorted ("-": none)
//   # row VIEW UNIT<TAB>VALUES    each row: the value of its first unit column ("-" when
//                                 the view has none), then its values as the driver's
//                                 getString gives them, tab-separated, NULL as \N (a tab,
//                                 newline or backslash in a value as \t, \n, \\)
// Unit columns are those named unit_code, *_unit_code, ancestor_code or descendant_code.
// The last line is the plan, 1..N; the exit status is 1 when any check failed.
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

public class BiCatalog {
    static final String BI = "govindex_bi";

    // The plain types: PostgreSQL's type name, and the java.sql.Types the driver reports
    // for it (bool is BIT in pgjdbc, timestamptz TIMESTAMP).
    static final Map<String, List<Integer>> PLAIN = Map.of(
        "text", List.of(Types.VARCHAR),
        "numeric", List.of(Types.NUMERIC),
        "int4", List.of(Types.INTEGER),
        "int8", List.of(Types.BIGINT),
        "date", List.of(Types.DATE),
        "timestamptz", List.of(Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE),
        "bool", List.of(Types.BIT, Types.BOOLEAN));

    static int tests = 0;
    static int failures = 0;

    static boolean check(boolean ok, String what, List<String> why) {
        tests++;
        if (!ok) failures++;
        System.out.println((ok ? "ok " : "not ok ") + tests + " - " + what);
        if (!ok) for (String line : why) System.out.println("#   " + line);
        return ok;
    }

    static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? otherwise : v;
    }

    static boolean isUnitColumn(String column) {
        return column.equals("unit_code") || column.endsWith("_unit_code")
            || column.equals("ancestor_code") || column.equals("descendant_code");
    }

    public static void main(String[] args) throws SQLException {
        String user = env("PGUSER", System.getProperty("user.name"));
        String url;
        if (args.length > 0) {
            url = args[0];
        } else {
            String host = env("PGHOST", "localhost");
            if (host.startsWith("/")) host = "localhost";
            url = "jdbc:postgresql://" + host + ":" + env("PGPORT", "5432") + "/" + env("PGDATABASE", user);
        }
        Properties props = new Properties();
        props.setProperty("user", user);
        if (System.getenv("PGPASSWORD") != null) props.setProperty("password", System.getenv("PGPASSWORD"));
        props.setProperty("ApplicationName", "govindex BiCatalog");

        Connection db;
        try {
            db = DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            check(false, "connects to " + url + " as " + user, List.of(e.getMessage()));
            System.out.println("1.." + tests);
            System.exit(1);
            return;
        }
        DatabaseMetaData meta = db.getMetaData();
        check(true, "connects to " + url + " as " + user + " with " + meta.getDriverName() + " "
              + meta.getDriverVersion(), List.of());

        List<String> schemas = new ArrayList<>();
        try (ResultSet s = meta.getSchemas()) {
            while (s.next()) schemas.add(s.getString("TABLE_SCHEM"));
        }
        System.out.println("# schemas " + String.join(",", schemas));

        // What a tool lists: every relation of the two schemas, of any type.  Names are
        // LIKE patterns in DatabaseMetaData, where _ is a wildcard: pattern() escapes it.
        String esc = meta.getSearchStringEscape();
        List<String> views = new ArrayList<>();
        List<String> partitions = new ArrayList<>();
        for (String schema : List.of("govindex", BI)) {
            try (ResultSet t = meta.getTables(null, pattern(schema, esc), "%", null)) {
                while (t.next()) {
                    String name = t.getString("TABLE_NAME"), type = t.getString("TABLE_TYPE");
                    if (name.matches("dossiers_[0-9]{4}_[0-9]{2}")) partitions.add(schema + "." + name + " (" + type + ")");
                    if (schema.equals(BI) && type != null && type.endsWith("VIEW")) views.add(name);
                }
            }
        }
        check(partitions.isEmpty(), "no monthly partition is listed among the tables of govindex and " + BI
              + " (" + partitions.size() + " listed)", partitions);
        check(!views.isEmpty(), BI + " lists " + views.size() + " views", List.of("getTables(null, \"" + BI
              + "\", \"%\", null) lists no view: is the schema there, and may " + user + " use it?"));

        for (String view : views) {
            String qualified = BI + "." + view;
            List<String> notPlain = new ArrayList<>(), uncommented = new ArrayList<>();
            List<String> unitColumns = new ArrayList<>();
            int columns = 0;
            try (ResultSet t = meta.getTables(null, pattern(BI, esc), pattern(view, esc), null)) {
                if (t.next() && (t.getString("REMARKS") == null || t.getString("REMARKS").isBlank()))
                    uncommented.add("the view itself");
            }
            try (ResultSet c = meta.getColumns(null, pattern(BI, esc), pattern(view, esc), "%")) {
                while (c.next()) {
                    columns++;
                    String column = c.getString("COLUMN_NAME"), type = c.getString("TYPE_NAME");
                    int jdbcType = c.getInt("DATA_TYPE");
                    List<Integer> expected = PLAIN.get(type);
                    if (expected == null || !expected.contains(jdbcType))
                        notPlain.add(column + ": " + type + " (java.sql.Types " + jdbcName(jdbcType) + ")");
                    String remarks = c.getString("REMARKS");
                    if (remarks == null || remarks.isBlank()) uncommented.add(column);
                    if (isUnitColumn(column)) unitColumns.add(column);
                }
            }
            check(columns > 0 && notPlain.isEmpty(), qualified + ": its " + columns + " columns are of plain types", notPlain);
            check(uncommented.isEmpty(), qualified + ": the view and its columns have comments", uncommented);
            read(db, qualified, BI + ".\"" + view.replace("\"", "\"\"") + "\"", unitColumns);
        }
        db.close();
        System.out.println("1.." + tests);
        System.exit(failures == 0 ? 0 : 1);
    }

    // SELECT * of one view: its columns, how many rows, the unit codes, every row.
    static void read(Connection db, String view, String quoted, List<String> unitColumns) {
        List<String> rows = new ArrayList<>(), columns = new ArrayList<>();
        TreeSet<String> units = new TreeSet<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + quoted)) {
            ResultSetMetaData m = r.getMetaData();
            for (int i = 1; i <= m.getColumnCount(); i++) columns.add(m.getColumnLabel(i));
            while (r.next()) {
                for (String column : unitColumns) {
                    String code = r.getString(column);
                    if (code != null) units.add(code);
                }
                StringBuilder row = new StringBuilder("# row " + view + " ");
                row.append(unitColumns.isEmpty() ? "-" : escaped(r.getString(unitColumns.get(0))));
                for (int i = 1; i <= m.getColumnCount(); i++) row.append('\t').append(escaped(r.getString(i)));
                rows.add(row.toString());
            }
        } catch (SQLException e) {
            check(false, view + ": SELECT * works", List.of(e.getSQLState() + ": " + e.getMessage()));
            return;
        }
        check(true, view + ": SELECT * works (" + rows.size() + " rows)", List.of());
        System.out.println("# columns " + view + " " + String.join(",", columns));
        System.out.println("# rows " + view + " " + rows.size());
        System.out.println("# units " + view + " " + (units.isEmpty() ? "-" : String.join(",", units)));
        rows.forEach(System.out::println);
    }

    static String pattern(String name, String esc) {
        return name.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
    }

    static String escaped(String value) {
        if (value == null) return "\\N";
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    static String jdbcName(int type) {
        for (java.lang.reflect.Field f : Types.class.getFields()) {
            try {
                if (f.getInt(null) == type) return f.getName();
            } catch (IllegalAccessException e) {
                // every field of java.sql.Types is public
            }
        }
        return String.valueOf(type);
    }
}
