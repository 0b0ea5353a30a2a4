<?xml version="1.0"?>
<!-- Identity, but the domain gets a new name and 512 MiB. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" omit-xml-declaration="yes"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="/domain/name/text()">renamed</xsl:template>
  <xsl:template match="/domain/memory/text()|/domain/currentMemory/text()">524288</xsl:template>
</xsl:stylesheet>
