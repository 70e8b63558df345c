<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Texts Qt's own qtbase_pl.qm lacks (their English source changed in Qt 6). Loaded before qtbase,
     so Qt's translation wins wherever it has one. -->
<TS version="2.1" language="pl_PL">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Szukaj w:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Pliki &amp;typu:</translation>
    </message>
</context>
</TS>
