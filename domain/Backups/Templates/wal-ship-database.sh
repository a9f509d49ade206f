    {{name}})
      admin='{{admin}}'
      archive_volume='{{archiveVolume}}'
      ;;
