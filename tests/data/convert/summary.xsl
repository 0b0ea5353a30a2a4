<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/domain">
    <xsl:value-of select="name"/> <xsl:text> </xsl:text>
    <xsl:value-of select="memory"/> <xsl:text> KiB, </xsl:text>
    <xsl:value-of select="count(devices/disk)"/> <xsl:text> disk(s)&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
